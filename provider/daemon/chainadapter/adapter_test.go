package chainadapter

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"google.golang.org/grpc"

	sdk "github.com/cosmos/cosmos-sdk/types"
	query "github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/provider/chain"
	"github.com/aitbc/aitbc/provider/daemon"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

const (
	us      = "aitbcvaloper1us"
	other   = "aitbcvaloper1other"
	account = "aitbc1us"
)

// fakeQuery serves leases, jobs and attestations from maps, list queries
// in pages of one.
type fakeQuery struct {
	computetypes.QueryClient
	leases map[uint64]computetypes.Lease
	atts   map[uint64][]computetypes.Attestation
	jobs   map[uint64]computetypes.Job
	// byStatus and due list lease ids in order.
	byStatus map[computetypes.LeaseStatus][]uint64
	due      []uint64
}

func page(ids []uint64, req *query.PageRequest) ([]uint64, *query.PageResponse) {
	start := 0
	if req != nil && len(req.Key) > 0 {
		start = int(req.Key[0])
	}
	res := &query.PageResponse{}
	if start >= len(ids) {
		return nil, res
	}
	if start+1 < len(ids) {
		res.NextKey = []byte{byte(start + 1)}
	}
	return ids[start : start+1], res
}

func (f *fakeQuery) Leases(_ context.Context, req *computetypes.QueryLeasesRequest, _ ...grpc.CallOption) (*computetypes.QueryLeasesResponse, error) {
	if req.Provider == "" || req.Status == computetypes.LEASE_STATUS_UNSPECIFIED {
		return nil, errors.New("the adapter must filter by provider and status on the server")
	}
	ids, p := page(f.byStatus[req.Status], req.Pagination)
	res := &computetypes.QueryLeasesResponse{Pagination: p}
	for _, id := range ids {
		res.Leases = append(res.Leases, f.leases[id])
	}
	return res, nil
}

func (f *fakeQuery) AttestationsDue(_ context.Context, req *computetypes.QueryAttestationsDueRequest, _ ...grpc.CallOption) (*computetypes.QueryAttestationsDueResponse, error) {
	ids, p := page(f.due, req.Pagination)
	res := &computetypes.QueryAttestationsDueResponse{Pagination: p}
	for _, id := range ids {
		res.Leases = append(res.Leases, f.leases[id])
	}
	return res, nil
}

func (f *fakeQuery) Lease(_ context.Context, req *computetypes.QueryLeaseRequest, _ ...grpc.CallOption) (*computetypes.QueryLeaseResponse, error) {
	l, ok := f.leases[req.LeaseId]
	if !ok {
		return nil, computetypes.ErrLeaseNotFound
	}
	return &computetypes.QueryLeaseResponse{Lease: l, Attestations: f.atts[req.LeaseId]}, nil
}

func (f *fakeQuery) Job(_ context.Context, req *computetypes.QueryJobRequest, _ ...grpc.CallOption) (*computetypes.QueryJobResponse, error) {
	j, ok := f.jobs[req.JobId]
	if !ok {
		return nil, computetypes.ErrJobNotFound
	}
	return &computetypes.QueryJobResponse{Job: j}, nil
}

func member(v string) computetypes.CommitteeMember {
	return computetypes.CommitteeMember{Validator: v, Power: 1}
}

func newFake() *fakeQuery {
	deadline := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	return &fakeQuery{
		leases: map[uint64]computetypes.Lease{
			1: {Id: 1, JobId: 10, Provider: us, Status: computetypes.LEASE_STATUS_ACTIVE, Hours: 2, Deadline: deadline},
			2: {Id: 2, JobId: 11, Provider: us, Status: computetypes.LEASE_STATUS_ACTIVE},
			3: {
				Id: 3, JobId: 12, Provider: us, Status: computetypes.LEASE_STATUS_ATTESTING,
				Result: &computetypes.Result{OutputHash: "sha256:aa", OutputUri: "http://x/aa", GpuSecondsUsed: 7}, Committee: []computetypes.CommitteeMember{member(other)},
			},
			4: {
				Id: 4, JobId: 13, Provider: other, Status: computetypes.LEASE_STATUS_ATTESTING,
				Result: &computetypes.Result{OutputHash: "sha256:bb"}, Committee: []computetypes.CommitteeMember{member(other + "2"), member(us)},
			},
			5: {Id: 5, JobId: 14, Provider: us, Status: computetypes.LEASE_STATUS_SETTLED},
		},
		atts: map[uint64][]computetypes.Attestation{},
		jobs: map[uint64]computetypes.Job{},
		byStatus: map[computetypes.LeaseStatus][]uint64{
			computetypes.LEASE_STATUS_ACTIVE:    {1, 2},
			computetypes.LEASE_STATUS_ATTESTING: {3},
		},
		due: []uint64{4},
	}
}

func TestMap(t *testing.T) {
	a := &Adapter{Operator: us}
	ev := func(m proto.Message) chain.Event { return chain.Event{Height: 1, Msg: m} }
	cases := []struct {
		name string
		ev   chain.Event
		want *daemon.Event
	}{
		{"lease for us", ev(&computetypes.EventLeaseCreated{LeaseId: 1, Provider: us}), &daemon.Event{Kind: daemon.EventLeaseCreated, LeaseID: 1}},
		{"lease for other", ev(&computetypes.EventLeaseCreated{LeaseId: 2, Provider: other}), nil},
		{"our own result", ev(&computetypes.EventResultSubmitted{LeaseId: 1, Provider: us, Committee: []string{other}}), nil},
		{"result we attest", ev(&computetypes.EventResultSubmitted{LeaseId: 3, Provider: other, Committee: []string{other + "2", us}}), &daemon.Event{Kind: daemon.EventResultSubmitted, LeaseID: 3}},
		{"our lease settled", ev(&computetypes.EventLeaseSettled{LeaseId: 1, Provider: us}), &daemon.Event{Kind: daemon.EventLeaseEnded, LeaseID: 1}},
		{"attested lease failed", ev(&computetypes.EventLeaseFailed{LeaseId: 3, Provider: other}), &daemon.Event{Kind: daemon.EventLeaseEnded, LeaseID: 3}},
		// The seat was released with its ending: a repeat is not ours.
		{"attested lease ends again", ev(&computetypes.EventLeaseNoQuorum{LeaseId: 3, Provider: other}), nil},
		{"unrelated lease ended", ev(&computetypes.EventLeaseEnded{LeaseId: 9, Provider: other}), nil},
		{"our lease ended by consumer", ev(&computetypes.EventLeaseEnded{LeaseId: 8, Provider: us}), &daemon.Event{Kind: daemon.EventLeaseEnded, LeaseID: 8}},
		{"other event", ev(&computetypes.EventAttestation{LeaseId: 1, Validator: us}), nil},
	}
	for _, c := range cases {
		got, ok := a.Map(c.ev)
		if c.want == nil {
			if ok {
				t.Errorf("%s: mapped to %+v, want dropped", c.name, got)
			}
			continue
		}
		if !ok || got != *c.want {
			t.Errorf("%s: got %+v %v, want %+v", c.name, got, ok, *c.want)
		}
	}
}

func TestLeaseView(t *testing.T) {
	f := newFake()
	a := &Adapter{Query: f, Operator: us, Account: account}
	ctx := context.Background()

	v, err := a.Lease(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if v.Phase != daemon.PhaseActive || !v.Mine || v.OnCommittee || v.Result != nil || v.Hours != 2 || !v.Deadline.Equal(f.leases[1].Deadline) || v.JobID != 10 || v.Status != "LEASE_STATUS_ACTIVE" {
		t.Fatalf("active lease: %+v", v)
	}
	v, _ = a.Lease(ctx, 3)
	if v.Phase != daemon.PhaseCommit || !v.Mine || v.OnCommittee || v.Result == nil || *v.Result != (daemon.ResultView{OutputHash: "sha256:aa", OutputURI: "http://x/aa", GPUSeconds: 7}) {
		t.Fatalf("our attesting lease: %+v", v)
	}
	v, _ = a.Lease(ctx, 5)
	if v.Phase != daemon.PhaseEnded {
		t.Fatalf("settled lease: %+v", v)
	}
	if _, err := a.Lease(ctx, 99); !errors.Is(err, computetypes.ErrLeaseNotFound) {
		t.Fatalf("missing lease: %v", err)
	}

	// A lease we attest: the chain's phase and our attestation's state.
	v, _ = a.Lease(ctx, 4)
	if v.Phase != daemon.PhaseCommit || v.Mine || !v.OnCommittee || v.Committed || v.Revealed {
		t.Fatalf("lease to attest: %+v", v)
	}
	f.atts[4] = []computetypes.Attestation{{LeaseId: 4, Validator: us, Commitment: make([]byte, 32)}}
	v, _ = a.Lease(ctx, 4)
	if v.Phase != daemon.PhaseCommit || !v.Committed || v.Revealed {
		t.Fatalf("after our commit: %+v", v)
	}
	l := f.leases[4]
	l.AttestationPhase = computetypes.ATTESTATION_PHASE_REVEAL
	f.leases[4] = l
	v, _ = a.Lease(ctx, 4)
	if v.Phase != daemon.PhaseReveal || !v.Committed || v.Revealed {
		t.Fatalf("in the reveal phase: %+v", v)
	}
	f.atts[4] = []computetypes.Attestation{{LeaseId: 4, Validator: us, Verdict: computetypes.VERDICT_VALID, Revealed: true}}
	v, _ = a.Lease(ctx, 4)
	if v.Phase != daemon.PhaseReveal || !v.Committed || !v.Revealed {
		t.Fatalf("after our reveal: %+v", v)
	}
	// Another member's attestation is not ours.
	f.atts[4] = []computetypes.Attestation{{LeaseId: 4, Validator: other + "2", Revealed: true}}
	v, _ = a.Lease(ctx, 4)
	if v.Committed || v.Revealed {
		t.Fatalf("with another member's attestation: %+v", v)
	}
	// The reveal phase reaches the daemon only when we committed.
	if ev, ok := a.Map(chain.Event{Msg: &computetypes.EventRevealPhaseStarted{LeaseId: 4, Committed: []string{us}}}); !ok || ev != (daemon.Event{Kind: daemon.EventCommitPhaseEnded, LeaseID: 4}) {
		t.Fatalf("reveal phase: %+v %v", ev, ok)
	}
	if _, ok := a.Map(chain.Event{Msg: &computetypes.EventRevealPhaseStarted{LeaseId: 4, Committed: []string{other}}}); ok {
		t.Fatal("a reveal phase we did not commit in was forwarded")
	}

	if err := a.CommitAttestation(ctx, daemon.Attestation{LeaseID: 4, Verdict: "VERDICT_UNSPECIFIED"}); err == nil {
		t.Fatal("an unspecified verdict was committed")
	}
}

func TestReconcile(t *testing.T) {
	f := newFake()
	a := &Adapter{Query: f, Operator: us}
	leases, dues, err := a.Reconcile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(leases) != 3 || leases[0].ID != 1 || leases[1].ID != 2 || leases[2].ID != 3 || leases[2].Phase != daemon.PhaseCommit {
		t.Fatalf("leases %+v", leases)
	}
	if len(dues) != 1 || dues[0] != (daemon.AttestationDue{LeaseID: 4, Phase: daemon.PhaseCommit}) {
		t.Fatalf("dues %+v", dues)
	}
	// The seat is known: the lease's ending reaches the daemon.
	if ev, ok := a.Map(chain.Event{Msg: &computetypes.EventLeaseSettled{LeaseId: 4, Provider: other}}); !ok || ev.Kind != daemon.EventLeaseEnded {
		t.Fatalf("ending of a reconciled seat: %+v %v", ev, ok)
	}

	// A query that answers for another provider, or a seat not ours, is an error.
	l := f.leases[2]
	l.Provider = other
	f.leases[2] = l
	if _, _, err := a.Reconcile(context.Background()); err == nil {
		t.Fatal("a lease of another provider was accepted")
	}
	l.Provider = us
	f.leases[2] = l
	f.due = []uint64{3}
	if _, _, err := a.Reconcile(context.Background()); err == nil {
		t.Fatal("a due lease whose committee we are not on was accepted")
	}
}

func TestJob(t *testing.T) {
	f := newFake()
	f.jobs[10] = computetypes.Job{
		Id: 10, InputUri: "http://in", InputHash: "sha256:in",
		Requirements: computetypes.Requirements{Model: "A100", MinVramMib: 40960, Count: 2, Hours: 3},
		Workload:     computetypes.Workload{Image: "img", Command: "sh", Args: []string{"-c", "x"}, Env: []computetypes.EnvVar{{Name: "A", Value: "1"}}},
	}
	a := &Adapter{Query: f, Operator: us}
	j, err := a.Job(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if j.ID != 10 || j.Image != "img" || j.Command != "sh" || len(j.Args) != 2 || j.Args[1] != "x" || len(j.Env) != 1 || j.Env[0] != (daemon.EnvVar{Name: "A", Value: "1"}) ||
		j.InputURI != "http://in" || j.InputHash != "sha256:in" || j.GPUModel != "A100" || j.MinVRAMMiB != 40960 || j.GPUCount != 2 || j.Hours != 3 {
		t.Fatalf("job %+v", j)
	}
	if _, err := a.Job(context.Background(), 11); !errors.Is(err, computetypes.ErrJobNotFound) {
		t.Fatalf("missing job: %v", err)
	}
}

// sent records what the adapter sends; code is the result in the block.
type sent struct {
	msgs []sdk.Msg
	code uint32
	err  error
}

func (s *sent) adapter() *Adapter {
	return &Adapter{
		Operator: us, Account: account,
		Send: func(_ context.Context, msgs ...sdk.Msg) (*sdk.TxResponse, error) {
			if s.err != nil {
				return nil, s.err
			}
			s.msgs = append(s.msgs, msgs...)
			return &sdk.TxResponse{TxHash: "ABC"}, nil
		},
		Included: func(_ context.Context, hash string) (*sdk.TxResponse, error) {
			return &sdk.TxResponse{TxHash: hash, Code: s.code, Height: 7}, nil
		},
	}
}

func TestSubmissions(t *testing.T) {
	ctx := context.Background()
	s := &sent{}
	a := s.adapter()
	if err := a.SubmitResult(ctx, daemon.ResultSubmission{LeaseID: 1, OutputHash: "sha256:aa", OutputURI: "http://x", GPUSeconds: 9}); err != nil {
		t.Fatal(err)
	}
	salt := strings.Repeat("ff", 32)
	att := daemon.Attestation{LeaseID: 4, Verdict: daemon.VerdictInvalid, ObservedHash: "sha256:cc", Salt: salt}
	if err := a.CommitAttestation(ctx, att); err != nil {
		t.Fatal(err)
	}
	if err := a.RevealAttestation(ctx, att); err != nil {
		t.Fatal(err)
	}
	if len(s.msgs) != 3 {
		t.Fatalf("sent %d messages, want 3: %v", len(s.msgs), s.msgs)
	}
	rawSalt := bytes.Repeat([]byte{0xff}, 32)
	c, err := computetypes.AttestationCommitment(computetypes.VERDICT_INVALID, "sha256:cc", rawSalt)
	if err != nil {
		t.Fatal(err)
	}
	want := []sdk.Msg{
		&computetypes.MsgSubmitResult{Account: account, LeaseId: 1, OutputHash: "sha256:aa", OutputUri: "http://x", GpuSecondsUsed: 9},
		&computetypes.MsgCommitAttestation{Account: account, LeaseId: 4, Commitment: c},
		&computetypes.MsgRevealAttestation{Account: account, LeaseId: 4, Verdict: computetypes.VERDICT_INVALID, ObservedHash: "sha256:cc", Salt: rawSalt},
	}
	for i := range want {
		if s.msgs[i].String() != want[i].String() {
			t.Fatalf("message %d: sent %v, want %v", i, s.msgs[i], want[i])
		}
	}
	for _, bad := range []string{"zz", "ff"} {
		if err := a.CommitAttestation(ctx, daemon.Attestation{LeaseID: 4, Verdict: daemon.VerdictValid, ObservedHash: "h", Salt: bad}); err == nil {
			t.Fatalf("salt %q was committed", bad)
		}
	}
	if len(s.msgs) != 3 {
		t.Fatalf("a bad salt was sent: %v", s.msgs)
	}
	// A transaction that failed in its block, or was refused, is an error.
	s.code = 5
	if err := a.SubmitResult(ctx, daemon.ResultSubmission{LeaseID: 1}); err == nil {
		t.Fatal("a failed transaction was reported delivered")
	}
	s.err = errors.New("refused")
	if err := a.RevealAttestation(ctx, att); !errors.Is(err, s.err) {
		t.Fatalf("refused reveal: %v", err)
	}
}

func TestEventsFollowTheChain(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	feed := make(chan chain.Event)
	a := &Adapter{
		Operator: us,
		Watch: func(ctx context.Context, from int64, out chan<- chain.Event) error {
			for {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case ev := <-feed:
					out <- ev
				}
			}
		},
	}
	events, err := a.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	next := func() daemon.Event {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatal("stream closed")
			}
			return ev
		case <-time.After(10 * time.Second):
			t.Fatal("no event")
		}
		return daemon.Event{}
	}
	feed <- chain.Event{Msg: &computetypes.EventLeaseCreated{LeaseId: 2, Provider: other}}
	feed <- chain.Event{Msg: &computetypes.EventLeaseCreated{LeaseId: 1, Provider: us}}
	if ev := next(); ev != (daemon.Event{Kind: daemon.EventLeaseCreated, LeaseID: 1}) {
		t.Fatalf("got %+v", ev)
	}
	// The chain's reveal phase, for a lease this node committed on.
	feed <- chain.Event{Msg: &computetypes.EventRevealPhaseStarted{LeaseId: 5, Committed: []string{other}}}
	feed <- chain.Event{Msg: &computetypes.EventRevealPhaseStarted{LeaseId: 4, Committed: []string{other, us}}}
	if ev := next(); ev != (daemon.Event{Kind: daemon.EventCommitPhaseEnded, LeaseID: 4}) {
		t.Fatalf("got %+v", ev)
	}
	cancel()
	for range events { // drains, then closes
	}
}

func TestPollIncluded(t *testing.T) {
	calls := 0
	get := func(_ context.Context, hash string) (*sdk.TxResponse, error) {
		calls++
		if calls < 3 {
			return nil, errors.New("tx not found")
		}
		return &sdk.TxResponse{TxHash: hash, Height: 4}, nil
	}
	res, err := PollIncluded(get, time.Millisecond, time.Minute)(context.Background(), "ABC")
	if err != nil || res.Height != 4 || calls != 3 {
		t.Fatalf("res %+v err %v calls %d", res, err, calls)
	}
	never := func(context.Context, string) (*sdk.TxResponse, error) { return nil, errors.New("tx not found") }
	if _, err := PollIncluded(never, time.Millisecond, 20*time.Millisecond)(context.Background(), "ABC"); err == nil {
		t.Fatal("a transaction never included was reported included")
	}
}

// TestProviderChangeCallsHook: a slash or status change of this provider
// calls OnProviderChange (the daemon re-checks its bond); other
// providers' changes do not, and lease events still flow.
func TestProviderChangeCallsHook(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	feed := make(chan chain.Event)
	changes := make(chan string, 8)
	a := &Adapter{
		Operator: us,
		Watch: func(ctx context.Context, from int64, out chan<- chain.Event) error {
			for {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case ev := <-feed:
					out <- ev
				}
			}
		},
		OnProviderChange: func(_ context.Context, what string) { changes <- what },
	}
	events, err := a.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wait := func() string {
		select {
		case w := <-changes:
			return w
		case <-time.After(10 * time.Second):
			t.Fatal("OnProviderChange not called")
		}
		return ""
	}
	coin := sdk.NewInt64Coin("uaitbc", 50)
	feed <- chain.Event{Msg: &computetypes.EventProviderSlashed{Operator: other, LeaseId: 1, Amount: coin, Bond: coin}}
	feed <- chain.Event{Msg: &computetypes.EventProviderSlashed{Operator: us, LeaseId: 3, Amount: coin, Bond: sdk.NewInt64Coin("uaitbc", 950)}}
	if w := wait(); !strings.Contains(w, "slashed 50uaitbc for lease 3, bond now 950uaitbc") {
		t.Fatalf("slash: %q", w)
	}
	feed <- chain.Event{Msg: &computetypes.EventProviderStatusChanged{Operator: other, From: computetypes.PROVIDER_STATUS_ACTIVE, To: computetypes.PROVIDER_STATUS_INACTIVE}}
	feed <- chain.Event{Msg: &computetypes.EventProviderStatusChanged{Operator: us, From: computetypes.PROVIDER_STATUS_ACTIVE, To: computetypes.PROVIDER_STATUS_INACTIVE, ValidatorBonded: true, Bond: coin}}
	if w := wait(); !strings.Contains(w, "PROVIDER_STATUS_ACTIVE -> PROVIDER_STATUS_INACTIVE") {
		t.Fatalf("status change: %q", w)
	}
	feed <- chain.Event{Msg: &computetypes.EventLeaseCreated{LeaseId: 1, Provider: us}}
	select {
	case ev := <-events:
		if ev != (daemon.Event{Kind: daemon.EventLeaseCreated, LeaseID: 1}) {
			t.Fatalf("got %+v", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("lease event lost")
	}
	select {
	case w := <-changes:
		t.Fatalf("another provider's change reached the hook: %q", w)
	default:
	}
}
