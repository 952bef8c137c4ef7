package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// Non-ASCII GPU models pass the identifier rule, so they must round-trip
// through the price index (a non-terminal key part): collections'
// StringKey zeroes UTF-8 continuation bytes there, which made "Hé" and "HÃ"
// one key and broke iteration of the index.
func TestNonASCIIModelsAreDistinctPriceIndexKeys(t *testing.T) {
	f := newFixture(t)
	_, err := f.msgs.RegisterProvider(f.ctx(), &types.MsgRegisterProvider{
		Account: f.provider.String(), Endpoint: "https://gpu.example", Region: "eu",
		Gpus: []types.Gpu{{Model: "Hé", VramMib: 1024, Count: 2}, {Model: "HÃ", VramMib: 1024, Count: 2}},
		Bond: sdk.NewInt64Coin(denom, 1_000_000_000),
	})
	require.NoError(t, err)
	cheap, err := f.offer(types.Gpu{Model: "Hé", VramMib: 1024, Count: 2}, 1_000)
	require.NoError(t, err)
	dear, err := f.offer(types.Gpu{Model: "HÃ", VramMib: 1024, Count: 2}, 2_000)
	require.NoError(t, err)

	offers, err := f.q.Offers(f.ctx(), &types.QueryOffersRequest{})
	require.NoError(t, err, "the offers query iterates the stored offers")
	require.Len(t, offers.Offers, 2)

	job := f.jobMsg(f.outsider)
	job.Requirements = types.Requirements{Model: "HÃ", Count: 1, Hours: 1}
	job.MaxPricePerGpuHour = sdk.NewInt64Coin(denom, 5_000)
	res, err := f.msgs.SubmitJob(f.ctx(), job)
	require.NoError(t, err)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	got, err := f.k.GetJob(f.ctx(), res.JobId)
	require.NoError(t, err)
	require.Equal(t, types.JOB_STATUS_LEASED, got.Status, "the HÃ job is matched")
	lease, err := f.k.GetLease(f.ctx(), got.LeaseId)
	require.NoError(t, err)
	require.Equal(t, dear, lease.OfferId, "to the HÃ offer, not to the cheaper Hé one")
	require.NotEqual(t, cheap, lease.OfferId)
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
}
