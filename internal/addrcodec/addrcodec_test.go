package addrcodec_test

import (
	"testing"

	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/aitbc/aitbc/internal/addrcodec"
)

var errInvalid = errorsmod.Register("addrcodec_test", 2, "invalid address")

func TestDecodeEncode(t *testing.T) {
	c := addrcodec.New(addresscodec.NewBech32Codec("aitbc"), errInvalid)
	raw := make([]byte, 20)
	raw[19] = 7
	s, err := c.Encode("owner", raw)
	require.NoError(t, err)
	require.Regexp(t, "^aitbc1", s)
	got, err := c.Decode("owner", s)
	require.NoError(t, err)
	require.Equal(t, raw, got)

	// another prefix is refused: the codec, not the global config, decides
	other := addrcodec.New(addresscodec.NewBech32Codec("cosmos"), errInvalid)
	_, err = other.Decode("owner", s)
	require.ErrorIs(t, err, errInvalid)
	require.ErrorContains(t, err, `owner "`+s+`"`)

	for _, bad := range []string{"", "aitbc1", "not an address", "aitbc1qqqq\x00"} {
		_, err := c.Decode("delegatee", bad)
		require.ErrorIs(t, err, errInvalid, "%q", bad)
		require.ErrorContains(t, err, "delegatee")
	}

	_, err = c.Encode("operator", nil)
	require.ErrorIs(t, err, errInvalid, "no address bytes")
	require.ErrorContains(t, err, "operator")
}
