// Package keeper holds the x/dao state and its state transitions.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"
	"cosmossdk.io/log"
	"github.com/cosmos/cosmos-sdk/codec"

	"github.com/aitbc/aitbc/x/dao/types"
)

// Keeper manages the x/dao state.
type Keeper struct {
	cdc          codec.BinaryCodec
	storeService store.KVStoreService
	logger       log.Logger
	addressCodec address.Codec

	accountKeeper types.AccountKeeper
	bankKeeper    types.BankKeeper

	// authority is the address allowed to change params: the dao module
	// account itself, acting through passed proposals.
	authority string

	Schema collections.Schema
	Params collections.Item[types.Params]
}

// NewKeeper returns the x/dao keeper.
func NewKeeper(
	cdc codec.BinaryCodec,
	storeService store.KVStoreService,
	logger log.Logger,
	addressCodec address.Codec,
	accountKeeper types.AccountKeeper,
	bankKeeper types.BankKeeper,
	authority string,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("invalid dao authority address %q: %w", authority, err))
	}
	if accountKeeper.GetModuleAddress(types.VoteEscrowName) == nil {
		panic(fmt.Errorf("module account %s is not set", types.VoteEscrowName))
	}

	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:           cdc,
		storeService:  storeService,
		logger:        logger.With(log.ModuleKey, "x/"+types.ModuleName),
		addressCodec:  addressCodec,
		accountKeeper: accountKeeper,
		bankKeeper:    bankKeeper,
		authority:     authority,
		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the address allowed to change params.
func (k Keeper) GetAuthority() string { return k.authority }

// Logger returns the module logger.
func (k Keeper) Logger() log.Logger { return k.logger }
