package network_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/chain"
	"github.com/aitbc/aitbc/testutil/network"
)

// The in-process networks start from the app's default genesis, with the
// AITBC denom metadata (the SDK's network adds balances and keeps it).
func TestNetworkGenesisHasDenomMetadata(t *testing.T) {
	cfg := network.DefaultConfig(1)
	var bank banktypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[banktypes.ModuleName], &bank)
	require.Len(t, bank.DenomMetadata, 1)
	require.Equal(t, chain.DenomMetadata().Base, bank.DenomMetadata[0].Base)
	require.Equal(t, chain.DenomMetadata().Display, bank.DenomMetadata[0].Display)
}
