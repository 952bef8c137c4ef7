package types_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/x/compute/types"
)

func TestAttestationCommitmentLayout(t *testing.T) {
	salt := bytes.Repeat([]byte{0xab}, types.CommitmentSaltSize)
	got, err := types.AttestationCommitment(types.VERDICT_VALID, "sha256:out", salt)
	require.NoError(t, err)
	// The documented bytes, written out by hand.
	want := sha256.Sum256(append(append([]byte{1, 0, 10}, "sha256:out"...), salt...))
	require.Equal(t, hex.EncodeToString(want[:]), hex.EncodeToString(got))

	// Each input changes it; moving bytes between hash and salt does too.
	other := func(v types.Verdict, h string, s []byte) []byte {
		c, err := types.AttestationCommitment(v, h, s)
		require.NoError(t, err)
		return c
	}
	require.NotEqual(t, got, other(types.VERDICT_INVALID, "sha256:out", salt))
	require.NotEqual(t, got, other(types.VERDICT_VALID, "sha256:ou", salt))
	salt2 := append([]byte{}, salt...)
	salt2[31] ^= 1
	require.NotEqual(t, got, other(types.VERDICT_VALID, "sha256:out", salt2))
	shifted := append([]byte("t"), salt[:31]...)
	require.NotEqual(t, got, other(types.VERDICT_VALID, "sha256:ou", shifted), "the length prefix")

	for name, call := range map[string]func() error{
		"unspecified verdict": func() error { _, err := types.AttestationCommitment(types.VERDICT_UNSPECIFIED, "h", salt); return err },
		"unknown verdict":     func() error { _, err := types.AttestationCommitment(7, "h", salt); return err },
		"short salt":          func() error { _, err := types.AttestationCommitment(types.VERDICT_VALID, "h", salt[:31]); return err },
		"no salt":             func() error { _, err := types.AttestationCommitment(types.VERDICT_VALID, "h", nil); return err },
		"long hash": func() error {
			_, err := types.AttestationCommitment(types.VERDICT_VALID, strings.Repeat("h", 257), salt)
			return err
		},
	} {
		require.Error(t, call(), name)
	}
}
