package keeper_test

import (
	"testing"

	storetypes "cosmossdk.io/store/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/x/compute/types"
)

// Message gas measured with the default store gas config (the keeper's
// share; a transaction adds the ante handler's signature and size costs,
// about 20k-60k on top). The CLI examples in the README set --gas from
// these figures with room to spare; the bounds here catch a regression.
func TestMessageGas(t *testing.T) {
	f := newLeaseFixture(t)
	measure := func(name string, limit storetypes.Gas, call func(ctx sdk.Context) error) storetypes.Gas {
		t.Helper()
		meter := storetypes.NewInfiniteGasMeter()
		require.NoError(t, call(f.ctx().WithGasMeter(meter)), name)
		gas := meter.GasConsumed()
		t.Logf("%s: %d gas", name, gas)
		require.Less(t, gas, limit, name)
		return gas
	}

	lease := f.leaseJob()
	measure("submit-result (draws the committee)", 200_000, func(ctx sdk.Context) error {
		_, err := f.msgs.SubmitResult(ctx, &types.MsgSubmitResult{
			Account: f.provider.String(), LeaseId: lease.Id, OutputHash: "sha256:out", OutputUri: "ipfs://out", GpuSecondsUsed: 3600,
		})
		return err
	})
	for i, a := range f.attester {
		name, limit := "commit-attestation", storetypes.Gas(60_000)
		if i == len(f.attester)-1 {
			name, limit = "commit-attestation (the last: starts the reveal)", 100_000
		}
		c, err := types.AttestationCommitment(types.VERDICT_VALID, "sha256:out", salt(a))
		require.NoError(t, err)
		measure(name, limit, func(ctx sdk.Context) error {
			_, err := f.msgs.CommitAttestation(ctx, &types.MsgCommitAttestation{Account: a.String(), LeaseId: lease.Id, Commitment: c})
			return err
		})
	}
	for i, a := range f.attester {
		name, limit := "reveal-attestation (recorded)", storetypes.Gas(60_000)
		if i == len(f.attester)-1 {
			name, limit = "reveal-attestation (settles: pays, records reputation, frees the offer)", 350_000
		}
		measure(name, limit, func(ctx sdk.Context) error {
			_, err := f.msgs.RevealAttestation(ctx, &types.MsgRevealAttestation{
				Account: a.String(), LeaseId: lease.Id, Verdict: types.VERDICT_VALID, ObservedHash: "sha256:out", Salt: salt(a),
			})
			return err
		})
	}

	declined := f.leaseJob()
	measure("decline-lease (refunds, records reputation, frees the offer)", 200_000, func(ctx sdk.Context) error {
		_, err := f.msgs.DeclineLease(ctx, &types.MsgDeclineLease{
			Account: f.provider.String(), LeaseId: declined.Id, Reason: "run: no container runtime (docker, podman) for image ghcr.io/acme/train:1",
		})
		return err
	})

	gone := f.leaseJob()
	f.jailProvider()
	measure("end-lease (refunds, slashes, frees the offer)", 200_000, func(ctx sdk.Context) error {
		_, err := f.msgs.EndLease(ctx, &types.MsgEndLease{Consumer: f.consumer.String(), LeaseId: gone.Id})
		return err
	})
	f.checkMoney()
}
