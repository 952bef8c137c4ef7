package keeper_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/x/compute/types"
)

// The job of issue 11 (a GPU model with a NUL byte) halted the chain in
// EndBlock; the msg server refuses it now, names the field and escrows
// nothing.
func TestNULModelJobRefusedAtSubmission(t *testing.T) {
	f := newFixture(t)
	f.register()
	_, err := f.offer(h100(4), 500)
	require.NoError(t, err)
	before := f.balance(f.outsider)
	msg := &types.MsgSubmitJob{
		Consumer:           f.outsider.String(),
		Requirements:       types.Requirements{Model: "H100\x00", Count: 1, Hours: 1},
		MaxPricePerGpuHour: sdk.NewInt64Coin(denom, 1000),
		Workload:           types.Workload{Image: "x"},
		Deadline:           f.now.Add(24 * time.Hour),
	}
	_, err = f.msgs.SubmitJob(f.ctx(), msg)
	require.ErrorIs(t, err, types.ErrInvalidIdentifier)
	require.ErrorContains(t, err, "requirements.model")
	require.Equal(t, before, f.balance(f.outsider), "nothing escrowed")

	// The chain goes on: EndBlock has nothing to trip over.
	f.now = f.now.Add(time.Hour)
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	require.NoError(t, f.k.CheckInvariants(f.ctx()))
}

// keeperField is one stored string the msg server takes: call sends a
// message with s in that field on ctx.
type keeperField struct {
	name string
	rule func(s string) error // the rule at the keeper's bound
	call func(ctx sdk.Context, s string) error
}

func TestKeeperRefusesHostileStringsInEveryField(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	// A second lease, in its reveal phase, for MsgRevealAttestation.
	attesting := f.leaseJob()
	_, err := f.result(attesting.Id, "sha256:out", 1)
	require.NoError(t, err)
	for _, a := range f.attester {
		_, err = f.commit(a, attesting.Id, types.VERDICT_INVALID, "")
		require.NoError(t, err)
	}
	max := types.DefaultParams().MaxTextLength
	required := func(s string) error { return ident.Check("f", s, max) }
	optional := func(s string) error { return ident.CheckOptional("f", s, max) }
	text := func(s string) error { return ident.CheckText("f", s, max) }

	inventory := func(edit func(*types.MsgUpdateProvider, string)) func(sdk.Context, string) error {
		return func(ctx sdk.Context, s string) error {
			m := &types.MsgUpdateProvider{
				Account: f.provider.String(), Endpoint: "https://gpu.example", Region: "eu",
				Gpus:       []types.Gpu{h100(8), {Model: "A100", VramMib: 40960, Count: 4}},
				Attributes: []types.Attribute{{Key: "interconnect", Value: "nvlink"}},
			}
			edit(m, s)
			_, err := f.msgs.UpdateProvider(ctx, m)
			return err
		}
	}
	job := func(edit func(*types.MsgSubmitJob, string)) func(sdk.Context, string) error {
		return func(ctx sdk.Context, s string) error {
			m := f.jobMsg(f.consumer)
			m.Workload.Command = "run"
			m.Workload.Env = []types.EnvVar{{Name: "SEED", Value: "7"}}
			edit(m, s)
			_, err := f.msgs.SubmitJob(ctx, m)
			return err
		}
	}
	fields := []keeperField{
		{"endpoint", text, inventory(func(m *types.MsgUpdateProvider, s string) { m.Endpoint = s })},
		{"region", optional, inventory(func(m *types.MsgUpdateProvider, s string) { m.Region = s })},
		{"gpus[1].model", required, inventory(func(m *types.MsgUpdateProvider, s string) { m.Gpus[1].Model = s })},
		{"attributes[0].key", required, inventory(func(m *types.MsgUpdateProvider, s string) { m.Attributes[0].Key = s })},
		{"attributes[0].value", optional, inventory(func(m *types.MsgUpdateProvider, s string) { m.Attributes[0].Value = s })},
		{"gpu.model", required, func(ctx sdk.Context, s string) error {
			_, err := f.msgs.CreateOffer(ctx, &types.MsgCreateOffer{Account: f.provider.String(),
				Gpu: types.Gpu{Model: s, VramMib: 1, Count: 1}, PricePerGpuHour: sdk.NewInt64Coin(denom, 1), MinHours: 1, MaxHours: 2})
			return err
		}},
		{"requirements.model", optional, job(func(m *types.MsgSubmitJob, s string) {
			m.Requirements.Model, m.Requirements.MinVramMib = s, 1
		})},
		{"workload.image", optional, job(func(m *types.MsgSubmitJob, s string) { m.Workload.Image = s })},
		{"workload.command", text, job(func(m *types.MsgSubmitJob, s string) { m.Workload.Command = s })},
		{"workload.args[0]", text, job(func(m *types.MsgSubmitJob, s string) { m.Workload.Args[0] = s })},
		{"workload.env[0].name", required, job(func(m *types.MsgSubmitJob, s string) { m.Workload.Env[0].Name = s })},
		{"workload.env[0].value", text, job(func(m *types.MsgSubmitJob, s string) { m.Workload.Env[0].Value = s })},
		{"input_uri", text, job(func(m *types.MsgSubmitJob, s string) { m.InputUri = s })},
		{"input_hash", optional, job(func(m *types.MsgSubmitJob, s string) { m.InputHash = s })},
		{"output_hash", optional, func(ctx sdk.Context, s string) error {
			_, err := f.msgs.SubmitResult(ctx, &types.MsgSubmitResult{Account: f.provider.String(), LeaseId: lease.Id, OutputHash: s, GpuSecondsUsed: 1})
			return err
		}},
		{"output_uri", text, func(ctx sdk.Context, s string) error {
			_, err := f.msgs.SubmitResult(ctx, &types.MsgSubmitResult{Account: f.provider.String(), LeaseId: lease.Id, OutputHash: "h", OutputUri: s, GpuSecondsUsed: 1})
			return err
		}},
		{"observed_hash", optional, func(ctx sdk.Context, s string) error {
			_, err := f.msgs.RevealAttestation(ctx, &types.MsgRevealAttestation{
				Account: f.attester[0].String(), LeaseId: attesting.Id, Verdict: types.VERDICT_INVALID, ObservedHash: s, Salt: salt(f.attester[0]),
			})
			return err
		}},
	}
	for _, fd := range fields {
		accepted := 0
		for _, s := range hostile.Strings {
			// Each attempt on its own branch: accepted ones leave no trace.
			ctx, _ := f.ctx().CacheContext()
			err := fd.call(ctx, s)
			if fd.rule(s) != nil {
				require.ErrorIs(t, err, types.ErrInvalidIdentifier, "%s = %q", fd.name, s)
				require.Contains(t, err.Error(), fd.name)
				continue
			}
			require.False(t, errors.Is(err, types.ErrInvalidIdentifier), "%s = %q is valid: %v", fd.name, s, err)
			accepted++
		}
		ctx, _ := f.ctx().CacheContext()
		require.ErrorIs(t, fd.call(ctx, "H100\x00"), types.ErrInvalidIdentifier, fd.name)
		require.Positive(t, accepted, "%s: some hostile strings are valid identifiers", fd.name)
	}
	f.checkMoney()
}

// The keeper bounds identifiers by the max_text_length param, tighter
// than ValidateBasic's absolute bound.
func TestKeeperUsesTheTextLengthParam(t *testing.T) {
	f := newFixture(t)
	params := types.DefaultParams()
	params.MaxTextLength = 8
	_, err := f.msgs.UpdateParams(f.ctx(), &types.MsgUpdateParams{Authority: f.k.GetAuthority(), Params: params})
	require.NoError(t, err)
	msg := f.jobMsg(f.outsider)
	msg.Requirements.Model = "H100-SXM5-80GB"
	msg.InputUri, msg.InputHash, msg.Workload = "", "", types.Workload{Image: "x"}
	require.NoError(t, msg.ValidateBasic())
	_, err = f.msgs.SubmitJob(f.ctx(), msg)
	require.ErrorIs(t, err, types.ErrInvalidIdentifier)
	require.ErrorContains(t, err, "requirements.model is 14 bytes, at most 8")
}
