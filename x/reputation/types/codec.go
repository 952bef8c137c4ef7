package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	"github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the amino names of the messages.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "aitbc/x/reputation/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgRate{}, "aitbc/x/reputation/MsgRate")
	cdc.RegisterConcrete(&Params{}, "aitbc/x/reputation/Params", nil)
}

// RegisterInterfaces registers the messages with the interface registry.
func RegisterInterfaces(registry types.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil), &MsgUpdateParams{}, &MsgRate{})
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
