package metrics_test

import (
	"math/big"
	"testing"

	sdkmath "cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/internal/metrics"
	"github.com/aitbc/aitbc/testutil/metricstest"
)

func TestFloat(t *testing.T) {
	v, ok := metrics.Float(sdkmath.NewInt(3_000_000))
	require.True(t, ok)
	require.Equal(t, float32(3_000_000), v)
	_, ok = metrics.Float(sdkmath.Int{})
	require.False(t, ok, "nil")
	huge := sdkmath.NewIntFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(70), nil))
	_, ok = metrics.Float(huge)
	require.False(t, ok, "beyond float32")
}

func TestAddCountsOnlyPositiveAmounts(t *testing.T) {
	sink := metricstest.Enable(t)
	key := metrics.Key("test", "amount_total")
	metrics.Add(key, sdkmath.NewInt(-5))
	metrics.Add(key, sdkmath.Int{})
	metrics.Add(key, sdkmath.ZeroInt())
	metrics.AddCoin(key, sdk.Coin{})
	require.Equal(t, 0.0, sink.Counter(key), sink.Names())
	metrics.Add(key, sdkmath.NewInt(7))
	metrics.AddCoin(key, sdk.NewInt64Coin("uaitbc", 2))
	require.Equal(t, 7.0, sink.Counter(key))
	require.Equal(t, 2.0, sink.Counter(key, "denom=uaitbc"))
}

// ParseEvent reads a typed event whatever attributes baseapp added.
func TestParseEventDropsBaseappAttributes(t *testing.T) {
	ev, err := sdk.TypedEventToEvent(&authz.EventGrant{MsgTypeUrl: "/x.Msg"})
	require.NoError(t, err)
	e := abci.Event(ev)
	e.Attributes = append(e.Attributes,
		abci.EventAttribute{Key: "mode", Value: "EndBlock"},
		abci.EventAttribute{Key: "msg_index", Value: "0"})
	_, err = sdk.ParseTypedEvent(e)
	require.Error(t, err, "the SDK's parser refuses the mode attribute")
	msg, err := metrics.ParseEvent(e)
	require.NoError(t, err)
	require.Equal(t, &authz.EventGrant{MsgTypeUrl: "/x.Msg"}, msg)
}

func TestEnum(t *testing.T) {
	require.Equal(t, "no_with_veto", metrics.Enum(stringer("VOTE_OPTION_NO_WITH_VETO"), "VOTE_OPTION_"))
}

type stringer string

func (s stringer) String() string { return string(s) }
