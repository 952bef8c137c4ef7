package network_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	cmtservice "github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/testutil/network"
)

// Two validators reach consensus: blocks advance and both sign them.
func TestNetworkTwoValidatorsProduceBlocks(t *testing.T) {
	if testing.Short() {
		t.Skip("in-process network")
	}
	net := network.New(t, network.DefaultConfig(2))
	h, err := net.WaitForHeight(4)
	require.NoError(t, err)
	require.GreaterOrEqual(t, h, int64(4))

	clientCtx := net.Validators[0].ClientCtx
	vals, err := stakingtypes.NewQueryClient(clientCtx).Validators(context.Background(), &stakingtypes.QueryValidatorsRequest{
		Status: stakingtypes.Bonded.String(),
	})
	require.NoError(t, err)
	require.Len(t, vals.Validators, 2)

	block, err := cmtservice.NewServiceClient(clientCtx).GetBlockByHeight(context.Background(), &cmtservice.GetBlockByHeightRequest{Height: 3})
	require.NoError(t, err)
	signed := 0
	for _, sig := range block.SdkBlock.LastCommit.Signatures {
		if len(sig.Signature) > 0 {
			signed++
		}
	}
	require.Equal(t, 2, signed, "both validators sign block 2's commit")
}
