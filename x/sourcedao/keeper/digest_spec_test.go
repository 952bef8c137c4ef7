package keeper_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// specDigest builds a digest exactly as the README's "Approvals" section
// describes it, without the module's encoder: a client recomputing a
// digest from the spec must get the chain's value.
type specDigest struct{ buf bytes.Buffer }

// str: the byte length as an unsigned LEB128 varint, then the bytes.
func (d *specDigest) str(s string) {
	n := uint64(len(s))
	for n >= 0x80 {
		d.buf.WriteByte(byte(n&0x7f) | 0x80)
		n >>= 7
	}
	d.buf.WriteByte(byte(n))
	d.buf.WriteString(s)
}

// u64: 8 bytes, big-endian.
func (d *specDigest) u64(v uint64) {
	for shift := 56; shift >= 0; shift -= 8 {
		d.buf.WriteByte(byte(v >> shift))
	}
}

// time: unix seconds (two's complement), then nanoseconds in the second.
func (d *specDigest) time(t time.Time) {
	d.u64(uint64(t.Unix()))
	d.u64(uint64(t.Nanosecond()))
}

func (d *specDigest) hex() string {
	sum := sha256.Sum256(d.buf.Bytes())
	return hex.EncodeToString(sum[:])
}

func specAcceptanceDigest(projectID uint64, level types.AcceptanceLevel, contributions []types.Contribution) string {
	d := &specDigest{}
	d.str("aitbc/sourcedao/acceptance/v1")
	d.u64(projectID)
	d.u64(uint64(level))
	d.u64(uint64(len(contributions)))
	for _, c := range contributions {
		d.str(c.Address)
		d.u64(c.Value)
	}
	return d.hex()
}

func specCreationDigest(p types.Project) string {
	d := &specDigest{}
	d.str("aitbc/sourcedao/creation/v1")
	d.u64(p.Id)
	d.str(p.Manager)
	d.str(p.Name)
	d.u64(p.Version)
	d.str(p.Budget.String())
	d.time(p.StartTime)
	d.time(p.EndTime)
	d.str(p.DescriptionUri)
	return d.hex()
}

// The digests a project stores are the ones the README's layout gives,
// the contributions in their stored order (sorted by address bytes).
func TestDigestsMatchTheSpec(t *testing.T) {
	f := newFixture(t)
	f.ready()
	id := f.create(f.core, "indexer", 3, 1_000)
	p := f.project(id)
	require.Equal(t, specCreationDigest(p), p.CreationDigest)
	f.approveCreation(id)

	a, b, c := f.contributors[0], f.contributors[1], f.contributors[2]
	digest, err := f.submit(f.core, id, types.ACCEPTANCE_LEVEL_EXCELLENT, contribs(c, 5, a, 300, b, 1))
	require.NoError(t, err)
	p = f.project(id)
	stored := p.Acceptance.Contributions
	require.Len(t, stored, 3)
	for i := 1; i < len(stored); i++ {
		require.Negative(t, bytes.Compare(sdk.MustAccAddressFromBech32(stored[i-1].Address), sdk.MustAccAddressFromBech32(stored[i].Address)),
			"the spec's order: sorted by address bytes")
	}
	require.Equal(t, specAcceptanceDigest(id, types.ACCEPTANCE_LEVEL_EXCELLENT, stored), digest)
	require.Equal(t, digest, p.Acceptance.Digest)
}

// The spec's encoding matches the code's on the edges: no contributions,
// strings of 127, 128 and 16,384 bytes (one to three varint bytes), the
// largest values and times before 1970.
func TestDigestEncodingEdgesMatchTheSpec(t *testing.T) {
	for _, cs := range [][]types.Contribution{
		nil,
		{{Address: "", Value: 0}},
		{{Address: strings.Repeat("a", 127), Value: 1}, {Address: strings.Repeat("b", 128), Value: ^uint64(0)}},
		{{Address: strings.Repeat("é", 8192), Value: 1 << 63}},
	} {
		for _, level := range []types.AcceptanceLevel{types.ACCEPTANCE_LEVEL_FAILED, types.ACCEPTANCE_LEVEL_GOOD} {
			require.Equal(t, specAcceptanceDigest(^uint64(0), level, cs), types.AcceptanceDigest(^uint64(0), level, cs))
		}
	}
	require.NotEqual(t,
		types.AcceptanceDigest(1, types.ACCEPTANCE_LEVEL_GOOD, []types.Contribution{{Address: "x", Value: 1}}),
		types.AcceptanceDigest(1, types.ACCEPTANCE_LEVEL_GOOD, []types.Contribution{{Address: "x", Value: 1}, {Address: "x", Value: 1}}),
		"the count is part of the digest")

	p := types.Project{
		Id: 7, Manager: "aitbc1manager", Name: strings.Repeat("n", 200), Version: 2, Budget: math.NewInt(1_234_567),
		StartTime: time.Date(1969, 12, 31, 23, 59, 59, 999_999_999, time.UTC), EndTime: time.Unix(1<<40, 1).UTC(),
		DescriptionUri: "ipfs://spec",
	}
	require.Equal(t, specCreationDigest(p), types.CreationDigest(p))
}
