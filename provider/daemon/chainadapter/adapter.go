// Package chainadapter implements daemon.Chain on top of provider/chain:
// typed x/compute events become the daemon's lease events, the gRPC
// queries (Leases of this provider, AttestationsDue, Lease, Job) its views, and its
// submissions authz-wrapped transactions of the hot key.
//
// It lives beside the daemon rather than in provider/chain so that
// provider/chain stays a proto-level client with no dependency on the
// daemon's types, and the daemon stays free of protos: only this package
// knows both.
package chainadapter

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
	query "github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/provider/chain"
	"github.com/aitbc/aitbc/provider/daemon"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// pageLimit bounds each list query; Reconcile pages through all.
const pageLimit = 100

// Adapter is the daemon's chain. Fill every field; Send and Included are
// usually a chain.Sender's Send and a tx-service poll (see New).
type Adapter struct {
	Query computetypes.QueryClient
	// Watch runs the event follower (chain.Watcher.Run) until ctx ends.
	Watch func(ctx context.Context, from int64, out chan<- chain.Event) error
	// Send broadcasts msgs from the hot key for the operator (CheckTx only).
	Send func(ctx context.Context, msgs ...sdk.Msg) (*sdk.TxResponse, error)
	// Included waits until the transaction is in a block and returns its result.
	Included func(ctx context.Context, hash string) (*sdk.TxResponse, error)
	// Operator is the validator operator address (aitbcvaloper...); Account
	// the operator's account, the signer of the compute messages.
	Operator, Account string
	// OnProviderChange, when set, is called after an EventProviderSlashed
	// or EventProviderStatusChanged of this provider, with what happened;
	// the daemon's start re-checks the bond's health with it. Calls run on
	// their own goroutine, one at a time, and changes that arrive during a
	// call are coalesced into one more call, so lease events never wait.
	OnProviderChange func(ctx context.Context, what string)

	mu sync.Mutex
	// seats are leases whose committee this node sits on, so their endings
	// are forwarded to the daemon.
	seats map[uint64]bool
}

var _ daemon.Chain = (*Adapter)(nil)

// Events follows the chain from its tip and forwards the events that
// concern this node. The stream closes when ctx ends or the watcher fails.
func (a *Adapter) Events(ctx context.Context) (<-chan daemon.Event, error) {
	if a.Watch == nil {
		return nil, errors.New("chainadapter: no watcher")
	}
	raw := make(chan chain.Event, 64)
	out := make(chan daemon.Event, 64)
	watchErr := make(chan error, 1)
	go func() { watchErr <- a.Watch(ctx, 0, raw) }()
	changes := make(chan string, 1)
	if a.OnProviderChange != nil {
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case what := <-changes:
					a.OnProviderChange(ctx, what)
				}
			}
		}()
	}
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case <-watchErr:
				return // the watcher only returns when it cannot go on
			case ev := <-raw:
				if what, ok := a.ProviderChanged(ev); ok && a.OnProviderChange != nil {
					select {
					case changes <- what:
					default: // a check is already queued; it reads the new state
					}
				}
				de, ok := a.Map(ev)
				if !ok {
					continue
				}
				select {
				case out <- de:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}

// Map turns a typed x/compute event into the daemon's event, if it
// concerns this node: a lease created for it, a result it must attest,
// the start of the reveal phase of a lease it committed on, the end of a
// lease it provides or attests.
func (a *Adapter) Map(ev chain.Event) (daemon.Event, bool) {
	switch m := ev.Msg.(type) {
	case *computetypes.EventLeaseCreated:
		if m.Provider == a.Operator {
			return daemon.Event{Kind: daemon.EventLeaseCreated, LeaseID: m.LeaseId}, true
		}
	case *computetypes.EventResultSubmitted:
		// The provider's own result needs nothing more from it; only
		// committee members act.
		for _, member := range m.Committee {
			if member == a.Operator {
				a.seat(m.LeaseId)
				return daemon.Event{Kind: daemon.EventResultSubmitted, LeaseID: m.LeaseId}, true
			}
		}
	case *computetypes.EventRevealPhaseStarted:
		// Only the members who committed can reveal.
		for _, member := range m.Committed {
			if member == a.Operator {
				a.seat(m.LeaseId)
				return daemon.Event{Kind: daemon.EventCommitPhaseEnded, LeaseID: m.LeaseId}, true
			}
		}
	case *computetypes.EventLeaseSettled:
		return a.ended(m.LeaseId, m.Provider)
	case *computetypes.EventLeaseFailed:
		return a.ended(m.LeaseId, m.Provider)
	case *computetypes.EventLeaseNoQuorum:
		return a.ended(m.LeaseId, m.Provider)
	case *computetypes.EventLeaseEnded:
		return a.ended(m.LeaseId, m.Provider)
	}
	return daemon.Event{}, false
}

// ProviderChanged reports whether ev changed this provider's bond or
// status (a slash, or turning active or inactive), and says how.
func (a *Adapter) ProviderChanged(ev chain.Event) (string, bool) {
	switch m := ev.Msg.(type) {
	case *computetypes.EventProviderSlashed:
		if m.Operator == a.Operator {
			return fmt.Sprintf("slashed %s for lease %d, bond now %s", m.Amount, m.LeaseId, m.Bond), true
		}
	case *computetypes.EventProviderStatusChanged:
		if m.Operator == a.Operator {
			return fmt.Sprintf("status %s -> %s (validator bonded: %t, bond %s)", m.From, m.To, m.ValidatorBonded, m.Bond), true
		}
	}
	return "", false
}

func (a *Adapter) ended(id uint64, provider string) (daemon.Event, bool) {
	a.mu.Lock()
	seat := a.seats[id]
	delete(a.seats, id)
	a.mu.Unlock()
	if provider != a.Operator && !seat {
		return daemon.Event{}, false
	}
	return daemon.Event{Kind: daemon.EventLeaseEnded, LeaseID: id}, true
}

func (a *Adapter) seat(id uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.seats == nil {
		a.seats = map[uint64]bool{}
	}
	a.seats[id] = true
}

// Reconcile lists this node's active and attesting leases (Leases with
// its provider and each status, read from the chain's (provider, status)
// index) and the leases whose committee it sits on with its step due
// (AttestationsDue).
func (a *Adapter) Reconcile(ctx context.Context) ([]daemon.LeaseView, []daemon.AttestationDue, error) {
	var leases []daemon.LeaseView
	for _, st := range []computetypes.LeaseStatus{computetypes.LEASE_STATUS_ACTIVE, computetypes.LEASE_STATUS_ATTESTING} {
		var key []byte
		for {
			res, err := a.Query.Leases(ctx, &computetypes.QueryLeasesRequest{
				Provider: a.Operator, Status: st, Pagination: &query.PageRequest{Key: key, Limit: pageLimit},
			})
			if err != nil {
				return nil, nil, fmt.Errorf("%s leases of %s: %w", st, a.Operator, err)
			}
			for _, l := range res.Leases {
				if l.Provider != a.Operator || l.Status != st {
					return nil, nil, fmt.Errorf("leases query for %s %s returned lease %d of %s, %s", a.Operator, st, l.Id, l.Provider, l.Status)
				}
				leases = append(leases, a.view(l, nil))
			}
			if key = nextKey(res.Pagination); key == nil {
				break
			}
		}
	}
	var dues []daemon.AttestationDue
	var key []byte
	for {
		res, err := a.Query.AttestationsDue(ctx, &computetypes.QueryAttestationsDueRequest{
			Validator: a.Operator, Pagination: &query.PageRequest{Key: key, Limit: pageLimit},
		})
		if err != nil {
			return nil, nil, fmt.Errorf("attestations due of %s: %w", a.Operator, err)
		}
		for _, l := range res.Leases {
			v := a.view(l, nil)
			if !v.OnCommittee {
				return nil, nil, fmt.Errorf("attestations due of %s returned lease %d it does not sit on", a.Operator, l.Id)
			}
			dues = append(dues, daemon.AttestationDue{LeaseID: l.Id, Phase: v.Phase})
		}
		if key = nextKey(res.Pagination); key == nil {
			break
		}
	}
	return leases, dues, nil
}

func nextKey(p *query.PageResponse) []byte {
	if p == nil || len(p.NextKey) == 0 {
		return nil
	}
	return p.NextKey
}

// Lease reads one lease with its attestations.
func (a *Adapter) Lease(ctx context.Context, id uint64) (daemon.LeaseView, error) {
	res, err := a.Query.Lease(ctx, &computetypes.QueryLeaseRequest{LeaseId: id})
	if err != nil {
		return daemon.LeaseView{}, fmt.Errorf("lease %d: %w", id, err)
	}
	if res.Lease.Id != id {
		return daemon.LeaseView{}, fmt.Errorf("lease query for %d returned lease %d", id, res.Lease.Id)
	}
	return a.view(res.Lease, res.Attestations), nil
}

// view maps a lease; atts are its attestations (nil from list queries,
// which do not carry them: Revealed is then false).
func (a *Adapter) view(l computetypes.Lease, atts []computetypes.Attestation) daemon.LeaseView {
	v := daemon.LeaseView{
		ID: l.Id, JobID: l.JobId, Status: l.Status.String(),
		Mine: l.Provider == a.Operator, Hours: l.Hours, Deadline: l.Deadline,
	}
	for _, m := range l.Committee {
		if m.Validator == a.Operator {
			v.OnCommittee = true
			break
		}
	}
	if l.Result != nil {
		v.Result = &daemon.ResultView{OutputHash: l.Result.OutputHash, OutputURI: l.Result.OutputUri, GPUSeconds: l.Result.GpuSecondsUsed}
	}
	for _, att := range atts {
		if att.Validator == a.Operator {
			v.Committed, v.Revealed = true, att.Revealed
			break
		}
	}
	final := false
	switch l.Status {
	case computetypes.LEASE_STATUS_ACTIVE:
		v.Phase = daemon.PhaseActive
	case computetypes.LEASE_STATUS_ATTESTING:
		v.Phase = daemon.PhaseCommit
		if l.AttestationPhase == computetypes.ATTESTATION_PHASE_REVEAL {
			v.Phase = daemon.PhaseReveal
		}
	case computetypes.LEASE_STATUS_UNSPECIFIED:
		v.Phase = daemon.PhaseUnknown
	default:
		v.Phase, final = daemon.PhaseEnded, true
	}
	a.mu.Lock()
	if final {
		delete(a.seats, l.Id)
	} else if v.OnCommittee {
		if a.seats == nil {
			a.seats = map[uint64]bool{}
		}
		a.seats[l.Id] = true
	}
	a.mu.Unlock()
	return v
}

// Job reads the job a lease runs.
func (a *Adapter) Job(ctx context.Context, id uint64) (daemon.JobView, error) {
	res, err := a.Query.Job(ctx, &computetypes.QueryJobRequest{JobId: id})
	if err != nil {
		return daemon.JobView{}, fmt.Errorf("job %d: %w", id, err)
	}
	j := res.Job
	if j.Id != id {
		return daemon.JobView{}, fmt.Errorf("job query for %d returned job %d", id, j.Id)
	}
	v := daemon.JobView{
		ID: j.Id, Image: j.Workload.Image, Command: j.Workload.Command, Args: append([]string(nil), j.Workload.Args...),
		InputURI: j.InputUri, InputHash: j.InputHash,
		GPUModel: j.Requirements.Model, MinVRAMMiB: j.Requirements.MinVramMib, GPUCount: j.Requirements.Count, Hours: j.Requirements.Hours,
	}
	for _, e := range j.Workload.Env {
		v.Env = append(v.Env, daemon.EnvVar{Name: e.Name, Value: e.Value})
	}
	return v, nil
}

// SubmitResult sends MsgSubmitResult and waits for its block.
func (a *Adapter) SubmitResult(ctx context.Context, r daemon.ResultSubmission) error {
	return a.deliver(ctx, &computetypes.MsgSubmitResult{
		Account: a.Account, LeaseId: r.LeaseID, OutputHash: r.OutputHash, OutputUri: r.OutputURI, GpuSecondsUsed: r.GPUSeconds,
	})
}

// DeclineLease sends MsgDeclineLease with reason made to fit the module's
// rule (printable, at most types.MaxDeclineReasonLength bytes) and waits
// for its block.
func (a *Adapter) DeclineLease(ctx context.Context, leaseID uint64, reason string) error {
	return a.deliver(ctx, &computetypes.MsgDeclineLease{Account: a.Account, LeaseId: leaseID, Reason: computetypes.DeclineReason(reason)})
}

// CommitAttestation sends MsgCommitAttestation with
// types.AttestationCommitment(verdict, observed hash, salt) and waits for
// its block. The chain announces the reveal phase (EventRevealPhaseStarted).
func (a *Adapter) CommitAttestation(ctx context.Context, att daemon.Attestation) error {
	v, salt, err := opening(att)
	if err != nil {
		return err
	}
	c, err := computetypes.AttestationCommitment(v, att.ObservedHash, salt)
	if err != nil {
		return fmt.Errorf("commitment of lease %d: %w", att.LeaseID, err)
	}
	return a.deliver(ctx, &computetypes.MsgCommitAttestation{Account: a.Account, LeaseId: att.LeaseID, Commitment: c})
}

// RevealAttestation sends MsgRevealAttestation with the verdict, observed
// hash and salt committed, and waits for its block.
func (a *Adapter) RevealAttestation(ctx context.Context, att daemon.Attestation) error {
	v, salt, err := opening(att)
	if err != nil {
		return err
	}
	return a.deliver(ctx, &computetypes.MsgRevealAttestation{
		Account: a.Account, LeaseId: att.LeaseID, Verdict: v, ObservedHash: att.ObservedHash, Salt: salt,
	})
}

// opening decodes an attestation's verdict and hex salt.
func opening(att daemon.Attestation) (computetypes.Verdict, []byte, error) {
	v, err := verdict(att.Verdict)
	if err != nil {
		return 0, nil, err
	}
	salt, err := hex.DecodeString(att.Salt)
	if err != nil {
		return 0, nil, fmt.Errorf("salt of lease %d: %w", att.LeaseID, err)
	}
	if err := computetypes.ValidateSalt(salt); err != nil {
		return 0, nil, fmt.Errorf("salt of lease %d: %w", att.LeaseID, err)
	}
	return v, salt, nil
}

func verdict(v daemon.Verdict) (computetypes.Verdict, error) {
	n, ok := computetypes.Verdict_value[string(v)]
	if !ok || computetypes.Verdict(n) == computetypes.VERDICT_UNSPECIFIED {
		return 0, fmt.Errorf("verdict %q: want %s or %s", v, daemon.VerdictValid, daemon.VerdictInvalid)
	}
	return computetypes.Verdict(n), nil
}

// deliver sends msg and returns once its transaction is in a block; a
// transaction that failed in its block is an error.
func (a *Adapter) deliver(ctx context.Context, msg sdk.Msg) error {
	res, err := a.Send(ctx, msg)
	if err != nil {
		return err
	}
	hash := res.TxHash
	if res, err = a.Included(ctx, hash); err != nil {
		return fmt.Errorf("tx %s: %w", hash, err)
	}
	if res.Code != 0 {
		return fmt.Errorf("tx %s failed at height %d: code %d (%s): %s", res.TxHash, res.Height, res.Code, res.Codespace, res.RawLog)
	}
	return nil
}

// PollIncluded returns an Included that asks get every interval until the
// transaction is found or timeout passes.
func PollIncluded(get func(ctx context.Context, hash string) (*sdk.TxResponse, error), interval, timeout time.Duration) func(ctx context.Context, hash string) (*sdk.TxResponse, error) {
	return func(ctx context.Context, hash string) (*sdk.TxResponse, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		t := time.NewTicker(interval)
		defer t.Stop()
		var last error
		for {
			res, err := get(ctx, hash)
			if err == nil && res != nil {
				return res, nil
			}
			last = err
			select {
			case <-ctx.Done():
				return nil, fmt.Errorf("not in a block after %s: %w (last: %v)", timeout, ctx.Err(), last)
			case <-t.C:
			}
		}
	}
}
