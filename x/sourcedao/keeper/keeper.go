// Package keeper holds the x/sourcedao state: the mining pool accounting,
// roadmap stages, developer roles, projects and rewards.
package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	"cosmossdk.io/core/address"
	"cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// ProjectIndexes index projects by state and by manager.
type ProjectIndexes struct {
	State   *indexes.Multi[int32, uint64, types.Project]
	Manager *indexes.Multi[sdk.AccAddress, uint64, types.Project]
}

// IndexesList implements collections.Indexes.
func (i ProjectIndexes) IndexesList() []collections.Index[uint64, types.Project] {
	return []collections.Index[uint64, types.Project]{i.State, i.Manager}
}

// Keeper manages the x/sourcedao state.
type Keeper struct {
	cdc           codec.Codec
	storeService  store.KVStoreService
	addressCodec  address.Codec
	authority     string
	accountKeeper types.AccountKeeper
	bankKeeper    types.BankKeeper
	daoKeeper     types.DaoKeeper

	Schema collections.Schema
	Params collections.Item[types.Params]
	Pool   collections.Item[types.Pool]
	// StageUnlocks record what each unlocked stage (by index) unlocked.
	StageUnlocks collections.Map[uint32, math.Int]
	Projects     *collections.IndexedMap[uint64, types.Project, ProjectIndexes]
	ProjectSeq   collections.Sequence
	// LatestVersions map a project name to the latest version created.
	LatestVersions collections.Map[string, uint64]
	// Rewards are the contributors' rewards of finished projects, by
	// (project, contributor).
	Rewards collections.Map[collections.Pair[uint64, sdk.AccAddress], types.Reward]
	// Unclaimed index the positive, unclaimed rewards by (contributor, project).
	Unclaimed      collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	CoreDevelopers collections.KeySet[sdk.AccAddress]
	DanDevelopers  collections.KeySet[sdk.AccAddress]
	DanRevoked     collections.KeySet[sdk.AccAddress]
	// Cumulative is each address's cumulative contribution value.
	Cumulative collections.Map[sdk.AccAddress, uint64]
}

// NewKeeper returns the x/sourcedao keeper.
func NewKeeper(cdc codec.Codec, storeService store.KVStoreService, addressCodec address.Codec,
	ak types.AccountKeeper, bk types.BankKeeper, dk types.DaoKeeper, authority string,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("invalid sourcedao authority %q: %w", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, storeService: storeService, addressCodec: addressCodec, authority: authority,
		accountKeeper: ak, bankKeeper: bk, daoKeeper: dk,
		Params:       collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Pool:         collections.NewItem(sb, types.PoolKey, "pool", codec.CollValue[types.Pool](cdc)),
		StageUnlocks: collections.NewMap(sb, types.StageUnlocksKey, "stage_unlocks", collections.Uint32Key, sdk.IntValue),
		Projects: collections.NewIndexedMap(sb, types.ProjectsKey, "projects", collections.Uint64Key, codec.CollValue[types.Project](cdc),
			ProjectIndexes{
				State: indexes.NewMulti(sb, types.ProjectsByState, "projects_by_state", collections.Int32Key, collections.Uint64Key,
					func(_ uint64, p types.Project) (int32, error) { return int32(p.State), nil }),
				Manager: indexes.NewMulti(sb, types.ProjectsByManager, "projects_by_manager", sdk.AccAddressKey, collections.Uint64Key,
					func(_ uint64, p types.Project) (sdk.AccAddress, error) { return addressCodec.StringToBytes(p.Manager) }),
			}),
		ProjectSeq:     collections.NewSequence(sb, types.ProjectSeqKey, "project_seq"),
		LatestVersions: collections.NewMap(sb, types.LatestVersionsKey, "latest_versions", collections.StringKey, collections.Uint64Value),
		Rewards: collections.NewMap(sb, types.RewardsKey, "rewards",
			collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey), codec.CollValue[types.Reward](cdc)),
		Unclaimed:      collections.NewKeySet(sb, types.UnclaimedKey, "unclaimed", collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)),
		CoreDevelopers: collections.NewKeySet(sb, types.CoreDevelopersKey, "core_developers", sdk.AccAddressKey),
		DanDevelopers:  collections.NewKeySet(sb, types.DanDevelopersKey, "dan_developers", sdk.AccAddressKey),
		DanRevoked:     collections.NewKeySet(sb, types.DanRevokedKey, "dan_revoked", sdk.AccAddressKey),
		Cumulative:     collections.NewMap(sb, types.CumulativeKey, "cumulative", sdk.AccAddressKey, collections.Uint64Value),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the address that signs governance messages: the
// x/dao module account.
func (k Keeper) GetAuthority() string { return k.authority }

// ModuleAddress is the address of the pool's module account.
func (k Keeper) ModuleAddress() sdk.AccAddress {
	return k.accountKeeper.GetModuleAddress(types.ModuleName)
}

// GetProject returns a project or ErrProjectNotFound.
func (k Keeper) GetProject(ctx context.Context, id uint64) (types.Project, error) {
	p, err := k.Projects.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return p, errorsmod.Wrapf(types.ErrProjectNotFound, "project %d", id)
	}
	return p, err
}

// SetParams validates and stores params; the stage list may not shrink
// below the stages already unlocked.
func (k Keeper) SetParams(ctx context.Context, params types.Params) error {
	if err := params.Validate(); err != nil {
		return err
	}
	pool, err := k.Pool.Get(ctx)
	if err != nil {
		return err
	}
	if uint32(len(params.Stages)) < pool.StagesUnlocked {
		return errorsmod.Wrapf(types.ErrInvalidParams, "%d stages, but %d are already unlocked", len(params.Stages), pool.StagesUnlocked)
	}
	if old, err := k.Params.Get(ctx); err == nil && old.Denom != params.Denom {
		return errorsmod.Wrapf(types.ErrInvalidParams, "the pool denom %s is fixed at genesis", old.Denom)
	}
	return k.Params.Set(ctx, params)
}

func emit(ctx context.Context, ev proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(ev)
}
