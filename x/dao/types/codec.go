package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	"github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the amino names of x/dao messages, used
// by ledger (amino JSON) signing.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "aitbc/x/dao/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgLock{}, "aitbc/x/dao/MsgLock")
	legacy.RegisterAminoMsg(cdc, &MsgUnlock{}, "aitbc/x/dao/MsgUnlock")
	legacy.RegisterAminoMsg(cdc, &MsgCancelUnlock{}, "aitbc/x/dao/MsgCancelUnlock")
	legacy.RegisterAminoMsg(cdc, &MsgDelegate{}, "aitbc/x/dao/MsgDelegate")
	cdc.RegisterConcrete(&Params{}, "aitbc/x/dao/Params", nil)
}

// RegisterInterfaces registers the x/dao messages with the interface registry.
func RegisterInterfaces(registry types.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgUpdateParams{},
		&MsgLock{},
		&MsgUnlock{},
		&MsgCancelUnlock{},
		&MsgDelegate{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
