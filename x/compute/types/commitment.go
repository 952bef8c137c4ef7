package types

import (
	"crypto/sha256"
	"encoding/binary"

	errorsmod "cosmossdk.io/errors"

	"github.com/aitbc/aitbc/internal/ident"
)

// CommitmentSaltSize is the size of the salt of an attestation commitment:
// 32 random bytes, so a commitment cannot be opened by guessing.
const CommitmentSaltSize = 32

// AttestationCommitment is what a committee member commits before it
// reveals its verdict:
//
//	sha256( verdict         1 byte: 1 valid, 2 invalid
//	      ‖ len(observed)   2 bytes, big-endian
//	      ‖ observed_hash   its UTF-8 bytes (empty for an invalid verdict without one)
//	      ‖ salt            32 bytes )
//
// The length prefix makes the encoding unambiguous: no other (hash, salt)
// pair gives the same bytes. Anyone can recompute it from a reveal.
func AttestationCommitment(verdict Verdict, observedHash string, salt []byte) ([]byte, error) {
	if verdict != VERDICT_VALID && verdict != VERDICT_INVALID {
		return nil, errorsmod.Wrapf(ErrInvalidVerdict, "verdict must be valid or invalid, got %s", verdict)
	}
	if len(observedHash) > ident.MaxLength {
		return nil, errorsmod.Wrapf(ErrInvalidIdentifier, "observed_hash: %d bytes, at most %d", len(observedHash), ident.MaxLength)
	}
	if err := ValidateSalt(salt); err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write([]byte{byte(verdict)})
	var n [2]byte
	binary.BigEndian.PutUint16(n[:], uint16(len(observedHash)))
	h.Write(n[:])
	h.Write([]byte(observedHash))
	h.Write(salt)
	return h.Sum(nil), nil
}

// ValidateSalt checks a reveal's salt is CommitmentSaltSize bytes.
func ValidateSalt(salt []byte) error {
	if len(salt) != CommitmentSaltSize {
		return errorsmod.Wrapf(ErrInvalidVerdict, "salt: %d bytes, want %d", len(salt), CommitmentSaltSize)
	}
	return nil
}

// ValidateCommitment checks a commitment is a sha256 digest's size.
func ValidateCommitment(c []byte) error {
	if len(c) != sha256.Size {
		return errorsmod.Wrapf(ErrInvalidCommitment, "commitment: %d bytes, want %d", len(c), sha256.Size)
	}
	return nil
}
