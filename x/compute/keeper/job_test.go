package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

func (f *fixture) jobMsg(consumer sdk.AccAddress) *types.MsgSubmitJob {
	return &types.MsgSubmitJob{
		Consumer:           consumer.String(),
		Requirements:       types.Requirements{Model: "H100", Count: 2, Hours: 4},
		MaxPricePerGpuHour: sdk.NewInt64Coin(denom, 3_000_000),
		Workload:           types.Workload{Image: "ghcr.io/acme/train:1", Args: []string{"--epochs", "3"}},
		InputUri:           "ipfs://input", InputHash: "sha256:abc",
		Deadline: f.now.Add(24 * time.Hour),
	}
}

// checkMoney checks the balance invariants and the job statuses, which
// follow where a lease's money went.
func (f *fixture) checkMoney() {
	f.t.Helper()
	require.NoError(f.t, f.k.CheckEscrowBalance(f.ctx()))
	require.NoError(f.t, f.k.CheckBondsBalance(f.ctx()))
	require.NoError(f.t, f.k.CheckJobStatuses(f.ctx()))
}

func TestSubmitJobEscrowsMaxCostAndCancelRefunds(t *testing.T) {
	f := newFixture(t)
	c := f.outsider
	before := f.balance(c)
	ctx := f.ctx()
	res, err := f.msgs.SubmitJob(ctx, f.jobMsg(c))
	require.NoError(t, err)
	require.Equal(t, before.SubRaw(3_000_000*2*4), f.balance(c), "max price x GPUs x hours escrowed, to the unit")
	job, err := f.q.Job(f.ctx(), &types.QueryJobRequest{JobId: res.JobId})
	require.NoError(t, err)
	require.Equal(t, types.JOB_STATUS_OPEN, job.Job.Status)
	require.Equal(t, sdk.NewInt64Coin(denom, 24_000_000), job.Job.Escrow)
	esc, err := f.q.Escrow(f.ctx(), &types.QueryEscrowRequest{})
	require.NoError(t, err)
	require.Equal(t, sdk.NewInt64Coin(denom, 24_000_000), esc.Escrowed)
	f.checkMoney()

	_, err = f.msgs.CancelJob(f.ctx(), &types.MsgCancelJob{Consumer: f.provider.String(), JobId: res.JobId})
	require.ErrorIs(t, err, types.ErrNotJobOwner)
	_, err = f.msgs.CancelJob(f.ctx(), &types.MsgCancelJob{Consumer: c.String(), JobId: res.JobId})
	require.NoError(t, err)
	require.Equal(t, before, f.balance(c), "everything refunded")
	_, err = f.msgs.CancelJob(f.ctx(), &types.MsgCancelJob{Consumer: c.String(), JobId: res.JobId})
	require.ErrorIs(t, err, types.ErrJobNotOpen, "cancelled once")
	_, err = f.msgs.CancelJob(f.ctx(), &types.MsgCancelJob{Consumer: c.String(), JobId: 77})
	require.ErrorIs(t, err, types.ErrJobNotFound)
	f.checkMoney()
}

// A job nobody can serve stays open until its deadline, then is refunded,
// at most max_job_expiries_per_block per block.
func TestUnmatchedJobsExpireAndAreRefunded(t *testing.T) {
	f := newFixture(t)
	params := types.DefaultParams()
	params.MaxJobExpiriesPerBlock = 2
	_, err := f.msgs.UpdateParams(f.ctx(), &types.MsgUpdateParams{Authority: f.k.GetAuthority(), Params: params})
	require.NoError(t, err)
	c := f.outsider
	before := f.balance(c)
	var ids []uint64
	for i := 0; i < 3; i++ {
		msg := f.jobMsg(c)
		msg.Requirements.Model = "B200" // nobody has one
		res, err := f.msgs.SubmitJob(f.ctx(), msg)
		require.NoError(t, err)
		ids = append(ids, res.JobId)
	}
	f.now = f.now.Add(24*time.Hour - time.Second)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	open, err := f.q.Jobs(f.ctx(), &types.QueryJobsRequest{Status: types.JOB_STATUS_OPEN})
	require.NoError(t, err)
	require.Len(t, open.Jobs, 3, "open until the deadline")

	f.now = f.now.Add(time.Second)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	expired, err := f.q.Jobs(f.ctx(), &types.QueryJobsRequest{Consumer: c.String(), Status: types.JOB_STATUS_EXPIRED})
	require.NoError(t, err)
	require.Len(t, expired.Jobs, 2, "bounded per block")
	f.checkMoney()
	f.now = f.now.Add(time.Second)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	require.Equal(t, before, f.balance(c), "all three refunded, once")
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	require.Equal(t, before, f.balance(c))
	f.checkMoney()

	all, err := f.q.Jobs(f.ctx(), &types.QueryJobsRequest{Consumer: c.String()})
	require.NoError(t, err)
	require.Len(t, all.Jobs, 3)
}

func TestSubmitJobBadInput(t *testing.T) {
	f := newFixture(t)
	c := f.outsider
	edit := func(change func(*types.MsgSubmitJob)) *types.MsgSubmitJob {
		m := f.jobMsg(c)
		change(m)
		return m
	}
	long := strings.Repeat("x", 300)
	cases := []struct {
		name string
		msg  *types.MsgSubmitJob
		err  error
	}{
		{"no gpus", edit(func(m *types.MsgSubmitJob) { m.Requirements.Count = 0 }), types.ErrInvalidJob},
		{"no model nor vram", edit(func(m *types.MsgSubmitJob) { m.Requirements.Model = "" }), types.ErrInvalidJob},
		{"zero hours", edit(func(m *types.MsgSubmitJob) { m.Requirements.Hours = 0 }), types.ErrInvalidHours},
		{"too many hours", edit(func(m *types.MsgSubmitJob) { m.Requirements.Hours = 10_000 }), types.ErrInvalidHours},
		{"zero price", edit(func(m *types.MsgSubmitJob) { m.MaxPricePerGpuHour = sdk.NewInt64Coin(denom, 0) }), types.ErrInvalidPrice},
		{"price other denom", edit(func(m *types.MsgSubmitJob) { m.MaxPricePerGpuHour = sdk.NewInt64Coin("stake", 5) }), types.ErrInvalidPrice},
		{"no workload", edit(func(m *types.MsgSubmitJob) { m.Workload = types.Workload{} }), types.ErrInvalidJob},
		{"long input uri", edit(func(m *types.MsgSubmitJob) { m.InputUri = long }), types.ErrInvalidIdentifier},
		{"reputation above 1000", edit(func(m *types.MsgSubmitJob) { m.MinProviderReputation = 1001 }), types.ErrInvalidJob},
		{"deadline in the past", edit(func(m *types.MsgSubmitJob) { m.Deadline = f.now }), types.ErrInvalidDeadline},
		{"deadline too far", edit(func(m *types.MsgSubmitJob) { m.Deadline = f.now.Add(365 * 24 * time.Hour) }), types.ErrInvalidDeadline},
		{"bad consumer", edit(func(m *types.MsgSubmitJob) { m.Consumer = "nope" }), types.ErrInvalidAddress},
	}
	before := f.balance(c)
	for _, tc := range cases {
		_, err := f.msgs.SubmitJob(f.ctx(), tc.msg)
		require.ErrorIs(t, err, tc.err, tc.name)
	}
	poor := edit(func(m *types.MsgSubmitJob) { m.MaxPricePerGpuHour = sdk.NewInt64Coin(denom, 1_000_000_000_000) })
	_, err := f.msgs.SubmitJob(f.ctx(), poor)
	require.ErrorContains(t, err, "insufficient funds")
	require.Equal(t, before, f.balance(c), "nothing escrowed")
	f.checkMoney()
}
