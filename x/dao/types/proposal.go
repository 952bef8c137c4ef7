package types

import (
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdktx "github.com/cosmos/cosmos-sdk/types/tx"
)

var (
	_ codectypes.UnpackInterfacesMessage = MsgSubmitProposal{}
	_ codectypes.UnpackInterfacesMessage = Proposal{}
	_ codectypes.UnpackInterfacesMessage = GenesisState{}
)

// UnpackInterfaces unpacks the proposal's messages from their Any wrappers.
func (m MsgSubmitProposal) UnpackInterfaces(unpacker codectypes.AnyUnpacker) error {
	return sdktx.UnpackInterfaces(unpacker, m.Messages)
}

// GetMsgs returns the proposal's messages.
func (m MsgSubmitProposal) GetMsgs() ([]sdk.Msg, error) {
	return sdktx.GetMsgs(m.Messages, "proposal")
}

// UnpackInterfaces unpacks the proposal's messages from their Any wrappers.
func (p Proposal) UnpackInterfaces(unpacker codectypes.AnyUnpacker) error {
	return sdktx.UnpackInterfaces(unpacker, p.Messages)
}

// GetMsgs returns the proposal's messages.
func (p Proposal) GetMsgs() ([]sdk.Msg, error) {
	return sdktx.GetMsgs(p.Messages, "proposal")
}

// UnpackInterfaces unpacks the messages of the proposals in genesis.
func (gs GenesisState) UnpackInterfaces(unpacker codectypes.AnyUnpacker) error {
	for _, p := range gs.Proposals {
		if err := p.UnpackInterfaces(unpacker); err != nil {
			return err
		}
	}
	return nil
}

// IsFinal says whether a status ends the proposal's life.
func (s ProposalStatus) IsFinal() bool {
	switch s {
	case PROPOSAL_STATUS_CHALLENGE, PROPOSAL_STATUS_VOTING, PROPOSAL_STATUS_PASSED:
		return false
	}
	return true
}
