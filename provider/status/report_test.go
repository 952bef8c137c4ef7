package status_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	grpcstatus "google.golang.org/grpc/status"

	query "github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/provider/status"
	"github.com/aitbc/aitbc/provider/store"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

const (
	op      = "aitbcvaloper1op"
	account = "aitbc1op"
)

// fakeQuery serves a provider, leases by (provider, status) in id order
// (in pages of one, newest first on Reverse) and attestations due; it
// fails the method named in fail.
type fakeQuery struct {
	computetypes.QueryClient
	params   computetypes.Params
	provider *computetypes.Provider
	leases   []computetypes.Lease
	due      []computetypes.Lease
	fail     string
	calls    []string
}

func (f *fakeQuery) err(method string) error {
	f.calls = append(f.calls, method)
	if f.fail == method {
		return errors.New("connection refused")
	}
	return nil
}

func (f *fakeQuery) Params(context.Context, *computetypes.QueryParamsRequest, ...grpc.CallOption) (*computetypes.QueryParamsResponse, error) {
	if err := f.err("Params"); err != nil {
		return nil, err
	}
	return &computetypes.QueryParamsResponse{Params: f.params}, nil
}

func (f *fakeQuery) Provider(_ context.Context, req *computetypes.QueryProviderRequest, _ ...grpc.CallOption) (*computetypes.QueryProviderResponse, error) {
	if err := f.err("Provider"); err != nil {
		return nil, err
	}
	if f.provider == nil || req.Operator != f.provider.Operator {
		return nil, grpcstatus.Error(codes.NotFound, "provider not found")
	}
	return &computetypes.QueryProviderResponse{Provider: *f.provider}, nil
}

func pageOf(all []computetypes.Lease, req *query.PageRequest) ([]computetypes.Lease, *query.PageResponse) {
	if req != nil && req.Reverse {
		rev := make([]computetypes.Lease, len(all))
		for i, l := range all {
			rev[len(all)-1-i] = l
		}
		if int(req.Limit) < len(rev) {
			rev = rev[:req.Limit]
		}
		return rev, &query.PageResponse{}
	}
	start := 0
	if req != nil && len(req.Key) > 0 {
		start = int(req.Key[0])
	}
	if start >= len(all) {
		return nil, &query.PageResponse{}
	}
	res := &query.PageResponse{}
	if start+1 < len(all) {
		res.NextKey = []byte{byte(start + 1)}
	}
	return all[start : start+1], res
}

func (f *fakeQuery) Leases(_ context.Context, req *computetypes.QueryLeasesRequest, _ ...grpc.CallOption) (*computetypes.QueryLeasesResponse, error) {
	if err := f.err("Leases"); err != nil {
		return nil, err
	}
	if req.Provider == "" || req.Status == computetypes.LEASE_STATUS_UNSPECIFIED {
		return nil, errors.New("status must filter by provider and status on the server")
	}
	var match []computetypes.Lease
	for _, l := range f.leases {
		if l.Provider == req.Provider && l.Status == req.Status {
			match = append(match, l)
		}
	}
	ls, p := pageOf(match, req.Pagination)
	return &computetypes.QueryLeasesResponse{Leases: ls, Pagination: p}, nil
}

func (f *fakeQuery) AttestationsDue(_ context.Context, req *computetypes.QueryAttestationsDueRequest, _ ...grpc.CallOption) (*computetypes.QueryAttestationsDueResponse, error) {
	if err := f.err("AttestationsDue"); err != nil {
		return nil, err
	}
	ls, p := pageOf(f.due, req.Pagination)
	return &computetypes.QueryAttestationsDueResponse{Leases: ls, Pagination: p}, nil
}

var t0 = time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)

func at(d time.Duration) *time.Time { t := t0.Add(d); return &t }

func chainFixture() *fakeQuery {
	lease := func(id uint64, st computetypes.LeaseStatus, ended *time.Time) computetypes.Lease {
		return computetypes.Lease{Id: id, JobId: id + 100, Provider: op, Status: st, Hours: 2,
			Created: t0, Deadline: t0.Add(3 * time.Hour), Ended: ended}
	}
	attesting := lease(2, computetypes.LEASE_STATUS_ATTESTING, nil)
	attesting.AttestationPhase = computetypes.ATTESTATION_PHASE_REVEAL
	return &fakeQuery{
		params:   params(1_000_000_000, "0.05"),
		provider: &computetypes.Provider{Operator: op, Bond: coin(1_000_000_000), Status: computetypes.PROVIDER_STATUS_ACTIVE},
		leases: []computetypes.Lease{
			lease(1, computetypes.LEASE_STATUS_ACTIVE, nil),
			attesting,
			lease(3, computetypes.LEASE_STATUS_SETTLED, at(30*time.Minute)),
			lease(4, computetypes.LEASE_STATUS_EXPIRED, at(3*time.Hour)),
			lease(5, computetypes.LEASE_STATUS_SETTLED, at(time.Hour)),
			lease(6, computetypes.LEASE_STATUS_ACTIVE, nil),
			{Id: 9, Provider: "aitbcvaloper1other", Status: computetypes.LEASE_STATUS_ACTIVE},
		},
		due: []computetypes.Lease{
			{Id: 7, JobId: 107, Provider: "aitbcvaloper1other", Status: computetypes.LEASE_STATUS_ATTESTING,
				AttestationPhase: computetypes.ATTESTATION_PHASE_COMMIT, CommitDeadline: at(10 * time.Minute), AttestationDeadline: at(20 * time.Minute)},
			{Id: 8, JobId: 108, Provider: "aitbcvaloper1other", Status: computetypes.LEASE_STATUS_ATTESTING,
				AttestationPhase: computetypes.ATTESTATION_PHASE_REVEAL, CommitDeadline: at(5 * time.Minute), AttestationDeadline: at(15 * time.Minute)},
		},
	}
}

var local = []store.Lease{
	{LeaseID: 1, Role: store.RoleProvider, Step: store.StepRunning, Updated: t0},
	{LeaseID: 2, Role: store.RoleProvider, Step: store.StepResultSubmitted, OutputHash: "sha256:aa", Updated: t0},
	{LeaseID: 6, Role: store.RoleProvider, Step: store.StepFailed, Reason: "fetch: input does not match input_hash", Updated: t0},
	{LeaseID: 3, Role: store.RoleProvider, Step: store.StepDone, Updated: t0},
	{LeaseID: 7, Role: store.RoleAttester, Step: store.StepRunning, Updated: t0},
	{LeaseID: 8, Role: store.RoleAttester, Step: store.StepCommitted, Updated: t0},
}

func TestGatherJoinsChainAndStore(t *testing.T) {
	f := chainFixture()
	c, err := status.Gather(context.Background(), f, op, local, status.Options{Ended: 2, Now: t0.Add(90 * time.Minute)})
	require.NoError(t, err)
	require.True(t, c.Registered)
	require.Equal(t, "PROVIDER_STATUS_ACTIVE", c.Status)
	require.True(t, c.Bond.OneSlashInactive)

	type row struct {
		id      uint64
		state   string
		elapsed status.Seconds
		step    string
	}
	var got []row
	for _, l := range c.Leases {
		got = append(got, row{l.ID, l.State, l.Elapsed, l.LocalStep})
	}
	// Active, then attesting, then the two most recently ended (4 ended
	// after 5; 3 is older and cut).
	require.Equal(t, []row{
		{1, "active", 5400, "running"},
		{6, "active", 5400, "failed"},
		{2, "attesting (reveal)", 5400, "result_submitted"},
		{4, "expired", 3 * 3600, ""},
		{5, "settled", 3600, ""},
	}, got)
	require.Equal(t, "fetch: input does not match input_hash", c.Leases[1].LocalReason)

	require.Equal(t, []status.Due{
		{LeaseID: 7, JobID: 107, Phase: "commit", Deadline: *at(10 * time.Minute), LocalStep: "running"},
		{LeaseID: 8, JobID: 108, Phase: "reveal", Deadline: *at(15 * time.Minute), LocalStep: "committed"},
	}, c.AttestationsDue)
}

func TestGatherUnregisteredAndUnreachable(t *testing.T) {
	f := chainFixture()
	f.provider = nil
	c, err := status.Gather(context.Background(), f, op, nil, status.Options{Ended: 5, Now: t0})
	require.NoError(t, err, "not registered is an answer, not an error")
	require.False(t, c.Registered)
	require.Nil(t, c.Bond)

	for _, method := range []string{"Params", "Provider", "Leases", "AttestationsDue"} {
		f := chainFixture()
		f.fail = method
		_, err := status.Gather(context.Background(), f, op, nil, status.Options{Ended: 5, Now: t0})
		require.ErrorContains(t, err, "connection refused", method)
	}
}

// TestRender checks the lines an operator reads, for each combination of
// what could be read.
func TestRender(t *testing.T) {
	full, err := status.Gather(context.Background(), chainFixture(), op, local, status.Options{Ended: 2, Now: t0.Add(90 * time.Minute)})
	require.NoError(t, err)
	healthy := chainFixture()
	healthy.provider.Bond = coin(2_000_000_000)
	healthyChain, err := status.Gather(context.Background(), healthy, op, nil, status.Options{Now: t0})
	require.NoError(t, err)

	for _, c := range []struct {
		name    string
		report  status.Report
		want    []string // regexps, each must match
		notWant []string
	}{
		{"everything", status.Report{Operator: op, Account: account, Chain: full, Local: local}, []string{
			`(?m)^provider aitbcvaloper1op$`,
			`(?m)^status\s+PROVIDER_STATUS_ACTIVE$`,
			`(?m)^bond\s+1000000000uaitbc$`,
			`(?m)^min_bond\s+1000000000uaitbc$`,
			`(?m)^one slash\s+50000000uaitbc \(slash_fraction 0\.05\), leaving 950000000uaitbc$`,
			`(?m)^WARNING: one slash \(0\.05 x 1000000000uaitbc = 50000000uaitbc\) would leave the bond at 950000000uaitbc, under min_bond 1000000000uaitbc: the provider would turn inactive .* aitbcd tx compute bond 52631578uaitbc --from aitbc1op$`,
			`(?m)^LEASE\s+JOB\s+STATE\s+HOURS\s+ELAPSED\s+DEADLINE\s+ENDED\s+LOCAL STEP$`,
			`(?m)^1\s+101\s+active\s+2\s+1h30m0s\s+2030-01-01T15:00:00Z\s+-\s+running$`,
			`(?m)^6\s+106\s+active\s+2\s+1h30m0s\s+.*failed: fetch: input does not match input_hash$`,
			`(?m)^2\s+102\s+attesting \(reveal\)\s+2\s+1h30m0s\s+.*result_submitted$`,
			`(?m)^4\s+104\s+expired\s+2\s+3h0m0s\s+2030-01-01T15:00:00Z\s+2030-01-01T15:00:00Z\s+-$`,
			`(?m)^7\s+107\s+commit\s+2030-01-01T12:10:00Z\s+running$`,
			`(?m)^8\s+108\s+reveal\s+2030-01-01T12:15:00Z\s+committed$`,
			`(?m)^provider\s+failed\s+1$`,
			`(?m)^attestations pending locally: 2$`,
			`(?m)^6\s+provider\s+failed\s+-\s+2030-01-01T12:00:00Z\s+fetch: input does not match input_hash$`,
		}, []string{`(?m)^3\s+provider\s+done`, `chain: unavailable`}},
		{"healthy bond", status.Report{Operator: op, Account: account, Chain: healthyChain, Local: []store.Lease{}}, []string{
			`(?m)^bond\s+2000000000uaitbc$`,
			`(?m)^LEASES\n.*\n1\s+101\s+active`,
		}, []string{`WARNING`}},
		{"not registered", status.Report{Operator: op, Chain: &status.Chain{}}, []string{
			`(?m)^provider aitbcvaloper1op: not registered`,
		}, []string{`WARNING`, `(?m)^status`}},
		{"chain unreachable", status.Report{ChainError: "node tcp://localhost:26657: connection refused", Local: local}, []string{
			`(?m)^chain: unavailable, only the local store is shown \(node tcp://localhost:26657: connection refused\)$`,
			`(?m)^LOCAL STORE$`,
			`(?m)^1\s+provider\s+running`,
		}, []string{`(?m)^LEASES$`, `ATTESTATIONS DUE`}},
		{"store locked", status.Report{Operator: op, Account: account, Chain: full, LocalError: "resource temporarily unavailable"}, []string{
			`(?m)^LOCAL STORE\nunavailable \(resource temporarily unavailable\)$`,
			`(?m)^1\s+101\s+active`,
		}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, status.Text(&b, c.report))
			out := b.String()
			for _, re := range c.want {
				require.Regexp(t, regexp.MustCompile(re), out)
			}
			for _, re := range c.notWant {
				require.NotRegexp(t, regexp.MustCompile(re), out)
			}

			// JSON carries the same.
			b.Reset()
			require.NoError(t, status.JSON(&b, c.report))
			var back status.Report
			require.NoError(t, json.Unmarshal(b.Bytes(), &back), b.String())
			require.Equal(t, c.report.ChainError, back.ChainError)
			require.Equal(t, c.report.LocalError, back.LocalError)
			require.Equal(t, len(c.report.Local), len(back.Local))
			if c.report.Chain != nil {
				require.NotNil(t, back.Chain)
				require.Equal(t, len(c.report.Chain.Leases), len(back.Chain.Leases))
				require.Equal(t, c.report.Chain.AttestationsDue, back.Chain.AttestationsDue)
				if c.report.Chain.Bond != nil {
					require.Equal(t, c.report.Chain.Bond.TopUp.String(), back.Chain.Bond.TopUp.String())
					require.Equal(t, c.report.Chain.Bond.OneSlashInactive, back.Chain.Bond.OneSlashInactive)
				}
			}
		})
	}
}
