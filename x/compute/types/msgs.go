package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
)

// ValidateBasic refuses, before CheckTx admits a transaction, the strings
// that could never be stored: the identifier rule at its absolute bound
// ident.MaxLength. The keeper checks again with the max_text_length param
// and checks everything that needs state.
var (
	_ sdk.HasValidateBasic = (*MsgRegisterProvider)(nil)
	_ sdk.HasValidateBasic = (*MsgUpdateProvider)(nil)
	_ sdk.HasValidateBasic = (*MsgCreateOffer)(nil)
	_ sdk.HasValidateBasic = (*MsgSubmitJob)(nil)
	_ sdk.HasValidateBasic = (*MsgSubmitResult)(nil)
	_ sdk.HasValidateBasic = (*MsgCommitAttestation)(nil)
	_ sdk.HasValidateBasic = (*MsgRevealAttestation)(nil)
	_ sdk.HasValidateBasic = (*MsgDeclineLease)(nil)
)

// ValidateBasic checks the inventory's strings.
func (m *MsgRegisterProvider) ValidateBasic() error {
	return ValidateInventoryStrings(m.Endpoint, m.Region, m.Gpus, m.Attributes, ident.MaxLength)
}

// ValidateBasic checks the inventory's strings.
func (m *MsgUpdateProvider) ValidateBasic() error {
	return ValidateInventoryStrings(m.Endpoint, m.Region, m.Gpus, m.Attributes, ident.MaxLength)
}

// ValidateBasic checks the offered GPU model.
func (m *MsgCreateOffer) ValidateBasic() error {
	return ValidateGpuModel("gpu", m.Gpu, ident.MaxLength)
}

// ValidateBasic checks the job's model, workload and input strings.
func (m *MsgSubmitJob) ValidateBasic() error {
	return ValidateJobStrings(m.Requirements, m.Workload, m.InputUri, m.InputHash, ident.MaxLength)
}

// ValidateBasic checks the output hash and URI.
func (m *MsgSubmitResult) ValidateBasic() error {
	return ValidateResultStrings(m.OutputHash, m.OutputUri, ident.MaxLength)
}

// ValidateBasic checks the commitment's size.
func (m *MsgCommitAttestation) ValidateBasic() error {
	return ValidateCommitment(m.Commitment)
}

// ValidateBasic checks the observed hash and the salt's size.
func (m *MsgRevealAttestation) ValidateBasic() error {
	if err := ValidateObservedHash(m.ObservedHash, ident.MaxLength); err != nil {
		return err
	}
	return ValidateSalt(m.Salt)
}

// ValidateBasic checks the reason: printable, bounded.
func (m *MsgDeclineLease) ValidateBasic() error {
	return ValidateDeclineReason(m.Reason)
}
