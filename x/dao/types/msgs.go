package types

import (
	"strings"

	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
)

// Stateless checks of the messages that carry identifiers or free text.
// They run in CheckTx (and on every message a proposal carries, at
// submission); the keeper checks the same again, with the params' length
// limits, so a message that skipped them (a proposal's inner message, a
// simulation) cannot store a bad string either.

var (
	_ sdk.HasValidateBasic = &MsgSubmitProposal{}
	_ sdk.HasValidateBasic = &MsgChallenge{}
	_ sdk.HasValidateBasic = &MsgVote{}
	_ sdk.HasValidateBasic = &MsgVoteWeighted{}
	_ sdk.HasValidateBasic = &MsgSetConstitution{}
	_ sdk.HasValidateBasic = &MsgUpdateParams{}
)

// CheckIdentifier applies the identifier rule to a string that becomes a
// key or index part, as ErrInvalidIdentifier.
func CheckIdentifier(field, s string, maxLen uint32) error {
	if err := ident.Check(field, s, maxLen); err != nil {
		return errorsmod.Wrap(ErrInvalidIdentifier, err.Error())
	}
	return nil
}

// CheckText applies the free-text rule (valid UTF-8, no control characters
// but tab and newline) to stored text, as ErrInvalidProposalText. Lengths
// are checked by the keeper against the params, as ErrProposalTooLarge.
func CheckText(field, s string) error {
	if err := ident.CheckText(field, s, 0); err != nil {
		return errorsmod.Wrap(ErrInvalidProposalText, err.Error())
	}
	return nil
}

// CheckRequiredText is CheckText for text that must not be blank.
func CheckRequiredText(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return errorsmod.Wrapf(ErrInvalidProposalText, "%s is required", field)
	}
	return CheckText(field, s)
}

// ValidateProposalText checks the class name (an index key) and the text
// of a proposal.
func ValidateProposalText(class, title, summary, metadata string) error {
	if err := CheckIdentifier("class", class, MaxClassNameLength); err != nil {
		return err
	}
	if err := CheckRequiredText("title", title); err != nil {
		return err
	}
	if err := CheckText("summary", summary); err != nil {
		return err
	}
	return CheckText("metadata", metadata)
}

// ValidateBasic checks the class and the text of the proposal.
func (m *MsgSubmitProposal) ValidateBasic() error {
	return ValidateProposalText(m.Class, m.Title, m.Summary, m.Metadata)
}

// ValidateBasic checks the reason.
func (m *MsgChallenge) ValidateBasic() error {
	return CheckRequiredText("reason", m.Reason)
}

// ValidateBasic checks the reason (the keeper checks it too).
func (m *MsgVote) ValidateBasic() error { return ValidateVoteReason(m.Reason) }

// ValidateBasic checks the reason (the keeper checks it too).
func (m *MsgVoteWeighted) ValidateBasic() error { return ValidateVoteReason(m.Reason) }

// ValidateBasic checks the constitution text.
func (m *MsgSetConstitution) ValidateBasic() error {
	return CheckText("constitution", m.Constitution)
}

// ValidateBasic checks the params on their own.
func (m *MsgUpdateParams) ValidateBasic() error {
	return m.Params.Validate()
}
