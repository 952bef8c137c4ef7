package types

import (
	errorsmod "cosmossdk.io/errors"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
)

// Stateless checks of the messages that carry identifiers or free text.
// They run in CheckTx (and on a proposal's messages when x/dao accepts
// it); the keeper checks the same again with the params' length limits,
// so a message that skipped them cannot store a bad string either.

var (
	_ sdk.HasValidateBasic = &MsgCreateProject{}
	_ sdk.HasValidateBasic = &MsgApproveProject{}
	_ sdk.HasValidateBasic = &MsgSubmitAcceptance{}
	_ sdk.HasValidateBasic = &MsgUpdateParams{}
)

// DigestLength is the length of a creation or acceptance digest: hex sha256.
const DigestLength = 64

// CheckIdentifier applies the identifier rule to a string that becomes a
// key or names a record, as ErrInvalidIdentifier.
func CheckIdentifier(field, s string, maxLen uint32) error {
	if err := ident.Check(field, s, maxLen); err != nil {
		return errorsmod.Wrap(ErrInvalidIdentifier, err.Error())
	}
	return nil
}

// CheckDescriptionURI applies the free-text rule (valid UTF-8, no control
// characters but tab and newline) to a project's description URI, as
// ErrInvalidProject; maxLen 0 leaves the length to the keeper.
func CheckDescriptionURI(uri string, maxLen uint32) error {
	if err := ident.CheckText("description_uri", uri, maxLen); err != nil {
		return errorsmod.Wrap(ErrInvalidProject, err.Error())
	}
	return nil
}

// CheckDigest checks that a digest is hex sha256, the form CreationDigest
// and AcceptanceDigest produce.
func CheckDigest(field, d string) error {
	if len(d) != DigestLength {
		return errorsmod.Wrapf(ErrInvalidIdentifier, "%s must be %d lowercase hex characters, got %d bytes", field, DigestLength, len(d))
	}
	for i := 0; i < len(d); i++ {
		if c := d[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return errorsmod.Wrapf(ErrInvalidIdentifier, "%s must be %d lowercase hex characters, byte %d is not", field, DigestLength, i)
		}
	}
	return nil
}

// ValidateBasic checks the project name (a store key) and the
// description URI.
func (m *MsgCreateProject) ValidateBasic() error {
	if err := CheckIdentifier("name", m.Name, ident.MaxLength); err != nil {
		return err
	}
	return CheckDescriptionURI(m.DescriptionUri, 0)
}

// ValidateBasic checks the phase and the form of the digest.
func (m *MsgApproveProject) ValidateBasic() error {
	if m.Phase != APPROVAL_PHASE_CREATION && m.Phase != APPROVAL_PHASE_ACCEPTANCE {
		return errorsmod.Wrapf(ErrInvalidApproval, "phase %s", m.Phase)
	}
	return CheckDigest("digest", m.Digest)
}

// ValidateBasic checks the acceptance level.
func (m *MsgSubmitAcceptance) ValidateBasic() error {
	if _, ok := m.Level.Multiplier(); !ok {
		return errorsmod.Wrapf(ErrInvalidAcceptance, "level %s; use failed, normal, good or excellent", m.Level)
	}
	return nil
}

// ValidateBasic checks the params on their own.
func (m *MsgUpdateParams) ValidateBasic() error {
	return m.Params.Validate()
}
