package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/x/compute/types"
)

// dueIDs returns the ids of the leases a validator still has to act on.
func (f *leaseFixture) dueIDs(who sdk.AccAddress) []uint64 {
	f.t.Helper()
	res, err := f.q.AttestationsDue(f.ctx(), &types.QueryAttestationsDueRequest{Validator: sdk.ValAddress(who).String()})
	require.NoError(f.t, err)
	ids := []uint64{}
	for _, l := range res.Leases {
		ids = append(ids, l.Id)
	}
	return ids
}

func TestAttestationsDueFollowsTheCommittee(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	for _, a := range f.attester {
		require.Empty(t, f.dueIDs(a), "nothing due before a result")
	}
	_, err := f.result(lease.Id, "sha256:out", 3600)
	require.NoError(t, err)
	for _, a := range f.attester {
		require.Equal(t, []uint64{lease.Id}, f.dueIDs(a), "every member is due")
	}
	require.Empty(t, f.dueIDs(f.provider), "the provider is not on its own committee")

	_, err = f.commit(f.attester[0], lease.Id, types.VERDICT_VALID, "sha256:out")
	require.NoError(t, err)
	require.Empty(t, f.dueIDs(f.attester[0]), "committed")
	require.Equal(t, []uint64{lease.Id}, f.dueIDs(f.attester[1]), "not yet committed")
	_, err = f.commit(f.attester[1], lease.Id, types.VERDICT_VALID, "sha256:out")
	require.NoError(t, err)
	require.NoError(t, f.k.CheckAttestationsDue(f.ctx()))

	f.endCommitPhase(lease.Id)
	require.Equal(t, []uint64{lease.Id}, f.dueIDs(f.attester[0]), "reveal phase: committed members are due again")
	require.Equal(t, []uint64{lease.Id}, f.dueIDs(f.attester[1]))
	require.Empty(t, f.dueIDs(f.attester[2]), "did not commit: nothing to reveal")
	require.NoError(t, f.k.CheckAttestationsDue(f.ctx()))
	_, err = f.reveal(f.attester[0], lease.Id, types.VERDICT_VALID, "sha256:out")
	require.NoError(t, err)
	require.Empty(t, f.dueIDs(f.attester[0]), "revealed")
	require.Equal(t, []uint64{lease.Id}, f.dueIDs(f.attester[1]))
	_, err = f.reveal(f.attester[1], lease.Id, types.VERDICT_VALID, "sha256:out")
	require.NoError(t, err)
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	require.Equal(t, types.LEASE_STATUS_SETTLED, got.Status)
	for _, a := range f.attester {
		require.Empty(t, f.dueIDs(a), "nothing due on a final lease")
	}
}

func TestAttestationsDueEmptiedByTheDeadline(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	_, err := f.result(lease.Id, "sha256:out", 3600)
	require.NoError(t, err)
	got, err := f.k.GetLease(f.ctx(), lease.Id)
	require.NoError(t, err)
	f.now = *got.AttestationDeadline
	require.NoError(t, f.k.EndBlocker(f.ctx()))
	for _, a := range f.attester {
		require.Empty(t, f.dueIDs(a), "the lease ended without quorum")
	}
}

// Leases with a provider (and a status) reads the (provider, status) index:
// the daemon reconciles through it.
func TestLeasesOfProviderByStatusPaginated(t *testing.T) {
	f := newLeaseFixture(t)
	first := f.leaseJob()
	second := f.leaseJob()
	_, err := f.result(first.Id, "sha256:out", 3600)
	require.NoError(t, err)
	op := sdk.ValAddress(f.provider).String()

	ids := func(req *types.QueryLeasesRequest) []uint64 {
		res, err := f.q.Leases(f.ctx(), req)
		require.NoError(t, err)
		out := []uint64{}
		for _, l := range res.Leases {
			out = append(out, l.Id)
		}
		return out
	}
	require.Equal(t, []uint64{second.Id}, ids(&types.QueryLeasesRequest{Provider: op, Status: types.LEASE_STATUS_ACTIVE}))
	require.Equal(t, []uint64{first.Id}, ids(&types.QueryLeasesRequest{Provider: op, Status: types.LEASE_STATUS_ATTESTING}))
	require.Empty(t, ids(&types.QueryLeasesRequest{Provider: op, Status: types.LEASE_STATUS_SETTLED}))
	require.ElementsMatch(t, []uint64{first.Id, second.Id}, ids(&types.QueryLeasesRequest{Provider: op}))
	require.Len(t, ids(&types.QueryLeasesRequest{Provider: op, Pagination: &query.PageRequest{Limit: 1}}), 1)
	require.Empty(t, ids(&types.QueryLeasesRequest{Provider: sdk.ValAddress(f.attester[0]).String()}), "another provider")
}

func TestAttestationsDueInvariantCatchesAStrayOrMissingEntry(t *testing.T) {
	f := newLeaseFixture(t)
	lease := f.leaseJob()
	_, err := f.result(lease.Id, "sha256:out", 3600)
	require.NoError(t, err)
	require.NoError(t, f.k.CheckAttestationsDue(f.ctx()))

	missing := collections.Join(sdk.ValAddress(f.attester[0]), lease.Id)
	require.NoError(t, f.k.AttestationsDue.Remove(f.ctx(), missing))
	require.ErrorIs(t, f.k.CheckAttestationsDue(f.ctx()), types.ErrBrokenInvariant, "a member due is missing")
	require.NoError(t, f.k.AttestationsDue.Set(f.ctx(), missing))

	stray := collections.Join(sdk.ValAddress(f.provider), lease.Id)
	require.NoError(t, f.k.AttestationsDue.Set(f.ctx(), stray))
	require.ErrorIs(t, f.k.CheckAttestationsDue(f.ctx()), types.ErrBrokenInvariant, "the provider is not on the committee")
}
