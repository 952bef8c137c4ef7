package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
	sdktx "github.com/cosmos/cosmos-sdk/types/tx"
)

// RegisterLegacyAminoCodec registers the amino names of the messages.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "aitbc/x/agent/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgRegisterAgent{}, "aitbc/x/agent/MsgRegisterAgent")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateAgent{}, "aitbc/x/agent/MsgUpdateAgent")
	legacy.RegisterAminoMsg(cdc, &MsgSetOperator{}, "aitbc/x/agent/MsgSetOperator")
	legacy.RegisterAminoMsg(cdc, &MsgTransferAgent{}, "aitbc/x/agent/MsgTransferAgent")
	legacy.RegisterAminoMsg(cdc, &MsgPauseAgent{}, "aitbc/x/agent/MsgPauseAgent")
	legacy.RegisterAminoMsg(cdc, &MsgRetireAgent{}, "aitbc/x/agent/MsgRetireAgent")
	legacy.RegisterAminoMsg(cdc, &MsgSetPolicy{}, "aitbc/x/agent/MsgSetPolicy")
	legacy.RegisterAminoMsg(cdc, &MsgExec{}, "aitbc/x/agent/MsgExec")
	cdc.RegisterConcrete(&Params{}, "aitbc/x/agent/Params", nil)
}

// RegisterInterfaces registers the messages.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgUpdateParams{}, &MsgRegisterAgent{}, &MsgUpdateAgent{}, &MsgSetOperator{}, &MsgTransferAgent{},
		&MsgPauseAgent{}, &MsgRetireAgent{}, &MsgSetPolicy{}, &MsgExec{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}

var _ codectypes.UnpackInterfacesMessage = MsgExec{}

// UnpackInterfaces unpacks the executed messages.
func (m MsgExec) UnpackInterfaces(unpacker codectypes.AnyUnpacker) error {
	return sdktx.UnpackInterfaces(unpacker, m.Msgs)
}

// GetMessages returns the executed messages.
func (m MsgExec) GetMessages() ([]sdk.Msg, error) { return sdktx.GetMsgs(m.Msgs, "exec") }
