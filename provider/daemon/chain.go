package daemon

import (
	"context"
	"time"
)

// Chain is what the daemon needs from its node. provider/chain implements
// it over CometBFT events, gRPC queries and authz-wrapped transactions;
// tests use a fake. The types are plain Go so the adapter owns every proto
// detail (including how a commitment is encoded).
type Chain interface {
	// Events streams lease events that concern this node, until ctx ends.
	// The daemon subscribes before it reconciles, so nothing is missed in
	// between; an event may repeat (the daemon is idempotent).
	Events(ctx context.Context) (<-chan Event, error)
	// Reconcile lists the non-final leases this node provides and the
	// leases whose committee it sits on with an attestation step due.
	Reconcile(ctx context.Context) ([]LeaseView, []AttestationDue, error)
	// Lease is one lease as this node sees it.
	Lease(ctx context.Context, id uint64) (LeaseView, error)
	// Job is the job a lease runs.
	Job(ctx context.Context, id uint64) (JobView, error)
	// SubmitResult broadcasts MsgSubmitResult and returns once it is
	// included (or failed).
	SubmitResult(ctx context.Context, r ResultSubmission) error
	// CommitAttestation broadcasts the commitment to a. The adapter computes
	// it as the module defines (sha256 over verdict, observed hash and salt).
	CommitAttestation(ctx context.Context, a Attestation) error
	// RevealAttestation broadcasts the reveal of a, after the commit phase.
	RevealAttestation(ctx context.Context, a Attestation) error
	// DeclineLease broadcasts MsgDeclineLease for a lease this node provides
	// and cannot run; the adapter fits reason to the module's bound.
	DeclineLease(ctx context.Context, leaseID uint64, reason string) error
}

// EventKind is what happened to a lease.
type EventKind int

const (
	// EventLeaseCreated: a lease was created with this node as provider.
	EventLeaseCreated EventKind = iota + 1
	// EventResultSubmitted: a result was submitted and this node was drawn
	// to the committee.
	EventResultSubmitted
	// EventCommitPhaseEnded: the commit phase of a lease this node attests
	// ended; reveals are open.
	EventCommitPhaseEnded
	// EventLeaseEnded: the lease became final (settled, invalid, expired,
	// no quorum).
	EventLeaseEnded
)

func (k EventKind) String() string {
	switch k {
	case EventLeaseCreated:
		return "lease_created"
	case EventResultSubmitted:
		return "result_submitted"
	case EventCommitPhaseEnded:
		return "commit_phase_ended"
	case EventLeaseEnded:
		return "lease_ended"
	}
	return "unknown"
}

// Event is one lease event.
type Event struct {
	Kind    EventKind
	LeaseID uint64
}

// Phase is where a lease is, from the daemon's point of view.
type Phase int

const (
	PhaseUnknown Phase = iota
	// PhaseActive: the provider runs the job; a result is due.
	PhaseActive
	// PhaseCommit: a result is in; committee members commit.
	PhaseCommit
	// PhaseReveal: the commit phase ended; committee members reveal.
	PhaseReveal
	// PhaseEnded: final; Status says how.
	PhaseEnded
)

func (p Phase) String() string {
	switch p {
	case PhaseActive:
		return "active"
	case PhaseCommit:
		return "commit"
	case PhaseReveal:
		return "reveal"
	case PhaseEnded:
		return "ended"
	}
	return "unknown"
}

// Verdict is an attestation's verdict, named as the module's enum.
type Verdict string

const (
	VerdictValid   Verdict = "VERDICT_VALID"
	VerdictInvalid Verdict = "VERDICT_INVALID"
)

// LeaseView is a lease as this node sees it.
type LeaseView struct {
	ID    uint64
	JobID uint64
	Phase Phase
	// Status is the module's status name (e.g. LEASE_STATUS_SETTLED), for logs.
	Status string
	// Mine: this node is the lease's provider.
	Mine bool
	// OnCommittee: this node was drawn to attest the result.
	OnCommittee bool
	// Hours leased; Deadline is when the result is due.
	Hours    uint32
	Deadline time.Time
	// Result is the provider's result once submitted.
	Result *ResultView
	// Committed and Revealed: the chain holds this node's commit / reveal.
	Committed, Revealed bool
}

// ResultView is a submitted result.
type ResultView struct {
	OutputHash string
	OutputURI  string
	GPUSeconds uint64
}

// AttestationDue is a lease on whose committee this node sits.
type AttestationDue struct {
	LeaseID uint64
	Phase   Phase
}

// JobView is what the daemon runs.
type JobView struct {
	ID uint64
	// Workload.
	Image   string
	Command string
	Args    []string
	Env     []EnvVar
	// Input.
	InputURI  string
	InputHash string
	// Requirements.
	GPUModel   string
	MinVRAMMiB uint32
	GPUCount   uint32
	Hours      uint32
}

// EnvVar is an environment variable of a workload.
type EnvVar struct{ Name, Value string }

// ResultSubmission is MsgSubmitResult's content.
type ResultSubmission struct {
	LeaseID    uint64
	OutputHash string
	OutputURI  string
	GPUSeconds uint64
}

// Attestation is a commit or reveal; Salt is hex.
type Attestation struct {
	LeaseID      uint64
	Verdict      Verdict
	ObservedHash string
	Salt         string
}
