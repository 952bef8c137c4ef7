package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/x/compute/types"
)

// TestQueryErrorCodes checks the gRPC code of every query's answer to a
// malformed address, enum, model or page (InvalidArgument: HTTP 400) and
// to an unknown id (NotFound: HTTP 404): never Unknown (HTTP 500), and
// never an empty list for a status that does not exist.
func TestQueryErrorCodes(t *testing.T) {
	f := newFixture(t)
	f.register()
	_, err := f.offer(h100(2), 1000)
	require.NoError(t, err)
	q, ctx := f.q, f.ctx()
	op := sdk.ValAddress(f.provider).String()
	both := &query.PageRequest{Offset: 1, Key: []byte{1}}

	for _, tc := range []struct {
		name string
		err  func() error
		want codes.Code
	}{
		{"provider: bad operator", func() error {
			_, err := q.Provider(ctx, &types.QueryProviderRequest{Operator: "aitbcvaloper1nope"})
			return err
		}, codes.InvalidArgument},
		{"provider: an account address", func() error {
			_, err := q.Provider(ctx, &types.QueryProviderRequest{Operator: f.provider.String()})
			return err
		}, codes.InvalidArgument},
		{"provider: unknown", func() error {
			_, err := q.Provider(ctx, &types.QueryProviderRequest{Operator: sdk.ValAddress(f.outsider).String()})
			return err
		}, codes.NotFound},
		{"providers: offset and key", func() error { _, err := q.Providers(ctx, &types.QueryProvidersRequest{Pagination: both}); return err }, codes.InvalidArgument},
		{"offers: NUL model", func() error { _, err := q.Offers(ctx, &types.QueryOffersRequest{Model: "H100\x00"}); return err }, codes.InvalidArgument},
		{"offers: control character", func() error { _, err := q.Offers(ctx, &types.QueryOffersRequest{Model: "H\n100"}); return err }, codes.InvalidArgument},
		{"offers: offset and key", func() error {
			_, err := q.Offers(ctx, &types.QueryOffersRequest{Model: "H100", Pagination: both})
			return err
		}, codes.InvalidArgument},
		{"offers: a model", func() error { _, err := q.Offers(ctx, &types.QueryOffersRequest{Model: "H100"}); return err }, codes.OK},
		{"offer: unknown id", func() error { _, err := q.Offer(ctx, &types.QueryOfferRequest{OfferId: 999}); return err }, codes.NotFound},
		{"jobs: status 99", func() error { _, err := q.Jobs(ctx, &types.QueryJobsRequest{Status: 99}); return err }, codes.InvalidArgument},
		{"jobs: status 99 of a consumer", func() error {
			_, err := q.Jobs(ctx, &types.QueryJobsRequest{Consumer: f.outsider.String(), Status: 99})
			return err
		}, codes.InvalidArgument},
		{"jobs: status -1", func() error { _, err := q.Jobs(ctx, &types.QueryJobsRequest{Status: -1}); return err }, codes.InvalidArgument},
		{"jobs: bad consumer", func() error { _, err := q.Jobs(ctx, &types.QueryJobsRequest{Consumer: "nope"}); return err }, codes.InvalidArgument},
		{"jobs: offset and key", func() error { _, err := q.Jobs(ctx, &types.QueryJobsRequest{Pagination: both}); return err }, codes.InvalidArgument},
		{"jobs: a known status", func() error {
			_, err := q.Jobs(ctx, &types.QueryJobsRequest{Status: types.JOB_STATUS_OPEN})
			return err
		}, codes.OK},
		{"job: unknown id", func() error { _, err := q.Job(ctx, &types.QueryJobRequest{JobId: 999}); return err }, codes.NotFound},
		{"leases: status 99", func() error { _, err := q.Leases(ctx, &types.QueryLeasesRequest{Status: 99}); return err }, codes.InvalidArgument},
		{"leases: status 99 of a provider", func() error {
			_, err := q.Leases(ctx, &types.QueryLeasesRequest{Provider: op, Status: 99})
			return err
		}, codes.InvalidArgument},
		{"leases: bad provider", func() error { _, err := q.Leases(ctx, &types.QueryLeasesRequest{Provider: "nope"}); return err }, codes.InvalidArgument},
		{"leases: bad provider with status", func() error {
			_, err := q.Leases(ctx, &types.QueryLeasesRequest{Provider: "nope", Status: types.LEASE_STATUS_ACTIVE})
			return err
		}, codes.InvalidArgument},
		{"leases: offset and key", func() error { _, err := q.Leases(ctx, &types.QueryLeasesRequest{Pagination: both}); return err }, codes.InvalidArgument},
		{"leases: a provider and status", func() error {
			_, err := q.Leases(ctx, &types.QueryLeasesRequest{Provider: op, Status: types.LEASE_STATUS_ACTIVE})
			return err
		}, codes.OK},
		{"attestations due: bad validator", func() error {
			_, err := q.AttestationsDue(ctx, &types.QueryAttestationsDueRequest{Validator: "nope"})
			return err
		}, codes.InvalidArgument},
		{"attestations due: an account address", func() error {
			_, err := q.AttestationsDue(ctx, &types.QueryAttestationsDueRequest{Validator: f.provider.String()})
			return err
		}, codes.InvalidArgument},
		{"attestations due: empty validator", func() error {
			_, err := q.AttestationsDue(ctx, &types.QueryAttestationsDueRequest{})
			return err
		}, codes.InvalidArgument},
		{"attestations due: offset and key", func() error {
			_, err := q.AttestationsDue(ctx, &types.QueryAttestationsDueRequest{Validator: op, Pagination: both})
			return err
		}, codes.InvalidArgument},
		{"attestations due: a validator", func() error {
			_, err := q.AttestationsDue(ctx, &types.QueryAttestationsDueRequest{Validator: op})
			return err
		}, codes.OK},
		{"leases: a provider, offset and key", func() error {
			_, err := q.Leases(ctx, &types.QueryLeasesRequest{Provider: op, Pagination: both})
			return err
		}, codes.InvalidArgument},
		{"leases: a provider", func() error {
			_, err := q.Leases(ctx, &types.QueryLeasesRequest{Provider: op})
			return err
		}, codes.OK},
		{"lease: unknown id", func() error { _, err := q.Lease(ctx, &types.QueryLeaseRequest{LeaseId: 999}); return err }, codes.NotFound},
	} {
		err := tc.err()
		require.Equal(t, tc.want, status.Code(err), "%s: %v", tc.name, err)
	}
	_, err = q.Jobs(ctx, &types.QueryJobsRequest{Consumer: "nope"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)

	for name, call := range map[string]func() error{
		"params":       func() error { _, err := q.Params(ctx, nil); return err },
		"providers":    func() error { _, err := q.Providers(ctx, nil); return err },
		"provider":     func() error { _, err := q.Provider(ctx, nil); return err },
		"offers":       func() error { _, err := q.Offers(ctx, nil); return err },
		"offer":        func() error { _, err := q.Offer(ctx, nil); return err },
		"jobs":         func() error { _, err := q.Jobs(ctx, nil); return err },
		"job":          func() error { _, err := q.Job(ctx, nil); return err },
		"escrow":       func() error { _, err := q.Escrow(ctx, nil); return err },
		"leases":       func() error { _, err := q.Leases(ctx, nil); return err },
		"lease":        func() error { _, err := q.Lease(ctx, nil); return err },
		"market stats": func() error { _, err := q.MarketStats(ctx, nil); return err },
		"due":          func() error { _, err := q.AttestationsDue(ctx, nil); return err },
	} {
		require.Equal(t, codes.InvalidArgument, status.Code(call()), name)
	}
}
