package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the amino names of the messages.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "aitbc/x/sourcedao/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgAdvanceStage{}, "aitbc/x/sourcedao/MsgAdvanceStage")
	legacy.RegisterAminoMsg(cdc, &MsgSetCoreDevelopers{}, "aitbc/x/sourcedao/MsgSetCoreDevelopers")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeDan{}, "aitbc/x/sourcedao/MsgRevokeDan")
	legacy.RegisterAminoMsg(cdc, &MsgApproveProject{}, "aitbc/x/sourcedao/MsgApproveProject")
	legacy.RegisterAminoMsg(cdc, &MsgCreateProject{}, "aitbc/x/sourcedao/MsgCreateProject")
	legacy.RegisterAminoMsg(cdc, &MsgSubmitAcceptance{}, "aitbc/x/sourcedao/MsgSubmitAcceptance")
	legacy.RegisterAminoMsg(cdc, &MsgCancelProject{}, "aitbc/x/sourcedao/MsgCancelProject")
	legacy.RegisterAminoMsg(cdc, &MsgRejectExpired{}, "aitbc/x/sourcedao/MsgRejectExpired")
	legacy.RegisterAminoMsg(cdc, &MsgClaimRewards{}, "aitbc/x/sourcedao/MsgClaimRewards")
	cdc.RegisterConcrete(&Params{}, "aitbc/x/sourcedao/Params", nil)
}

// RegisterInterfaces registers the messages.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgUpdateParams{}, &MsgAdvanceStage{}, &MsgSetCoreDevelopers{}, &MsgRevokeDan{}, &MsgApproveProject{},
		&MsgCreateProject{}, &MsgSubmitAcceptance{}, &MsgCancelProject{}, &MsgRejectExpired{}, &MsgClaimRewards{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
