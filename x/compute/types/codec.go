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
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "aitbc/x/compute/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgRegisterProvider{}, "aitbc/x/compute/MsgRegisterProvider")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateProvider{}, "aitbc/x/compute/MsgUpdateProvider")
	legacy.RegisterAminoMsg(cdc, &MsgBond{}, "aitbc/x/compute/MsgBond")
	legacy.RegisterAminoMsg(cdc, &MsgUnbond{}, "aitbc/x/compute/MsgUnbond")
	legacy.RegisterAminoMsg(cdc, &MsgCreateOffer{}, "aitbc/x/compute/MsgCreateOffer")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateOffer{}, "aitbc/x/compute/MsgUpdateOffer")
	legacy.RegisterAminoMsg(cdc, &MsgCloseOffer{}, "aitbc/x/compute/MsgCloseOffer")
	legacy.RegisterAminoMsg(cdc, &MsgSubmitJob{}, "aitbc/x/compute/MsgSubmitJob")
	legacy.RegisterAminoMsg(cdc, &MsgCancelJob{}, "aitbc/x/compute/MsgCancelJob")
	legacy.RegisterAminoMsg(cdc, &MsgAcceptOffer{}, "aitbc/x/compute/MsgAcceptOffer")
	legacy.RegisterAminoMsg(cdc, &MsgSubmitResult{}, "aitbc/x/compute/MsgSubmitResult")
	legacy.RegisterAminoMsg(cdc, &MsgCommitAttestation{}, "aitbc/x/compute/MsgCommitAttestation")
	legacy.RegisterAminoMsg(cdc, &MsgRevealAttestation{}, "aitbc/x/compute/MsgRevealAttestation")
	legacy.RegisterAminoMsg(cdc, &MsgEndLease{}, "aitbc/x/compute/MsgEndLease")
	legacy.RegisterAminoMsg(cdc, &MsgDeclineLease{}, "aitbc/x/compute/MsgDeclineLease")
	cdc.RegisterConcrete(&Params{}, "aitbc/x/compute/Params", nil)
}

// RegisterInterfaces registers the messages.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgUpdateParams{}, &MsgRegisterProvider{}, &MsgUpdateProvider{}, &MsgBond{}, &MsgUnbond{},
		&MsgCreateOffer{}, &MsgUpdateOffer{}, &MsgCloseOffer{}, &MsgSubmitJob{}, &MsgCancelJob{},
		&MsgAcceptOffer{}, &MsgSubmitResult{}, &MsgCommitAttestation{}, &MsgRevealAttestation{}, &MsgEndLease{},
		&MsgDeclineLease{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
