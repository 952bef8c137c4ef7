package status

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	query "github.com/cosmos/cosmos-sdk/types/query"
	"google.golang.org/grpc/codes"
	grpcstatus "google.golang.org/grpc/status"

	"github.com/aitbc/aitbc/provider/store"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
)

// Report is everything `aitbcd provider status` shows. Chain is nil when
// the node could not be asked (ChainError says why), Local when the store
// could not be read (LocalError).
type Report struct {
	// Operator is the provider's validator operator address; Account its
	// account, which signs the bond transaction.
	Operator   string        `json:"operator,omitempty"`
	Account    string        `json:"account,omitempty"`
	Chain      *Chain        `json:"chain,omitempty"`
	ChainError string        `json:"chain_error,omitempty"`
	Local      []store.Lease `json:"local"`
	LocalError string        `json:"local_error,omitempty"`
}

// Chain is the provider as the chain has it.
type Chain struct {
	// Registered is false when the operator has no provider record; the
	// other fields are then empty.
	Registered bool   `json:"registered"`
	Status     string `json:"status,omitempty"`
	Bond       *Bond  `json:"bond_health,omitempty"`
	// Leases: active, then attesting, then the most recently ended.
	Leases []Lease `json:"leases"`
	// AttestationsDue are the leases this validator still has to commit
	// or reveal on.
	AttestationsDue []Due `json:"attestations_due"`
}

// Lease is one of the provider's leases.
type Lease struct {
	ID    uint64 `json:"lease_id"`
	JobID uint64 `json:"job_id"`
	// State is active, attesting (commit or reveal phase) or how it ended
	// (settled, invalid, expired, no_quorum, provider_gone, declined).
	State string `json:"state"`
	Hours uint32 `json:"hours"`
	// Elapsed is from creation to now, or to its end once ended.
	Elapsed  Seconds    `json:"elapsed_seconds"`
	Deadline time.Time  `json:"deadline"`
	Ended    *time.Time `json:"ended,omitempty"`
	// LocalStep is the step the store reached for it as provider ("" when
	// the store has no record or was not read); LocalReason why it failed.
	LocalStep   string `json:"local_step,omitempty"`
	LocalReason string `json:"local_reason,omitempty"`
}

// Due is an attestation this validator owes.
type Due struct {
	LeaseID uint64 `json:"lease_id"`
	JobID   uint64 `json:"job_id"`
	// Phase is commit or reveal; Deadline ends that phase.
	Phase       string    `json:"phase"`
	Deadline    time.Time `json:"deadline"`
	LocalStep   string    `json:"local_step,omitempty"`
	LocalReason string    `json:"local_reason,omitempty"`
}

// Seconds is a duration shown in whole seconds.
type Seconds int64

func (s Seconds) String() string { return (time.Duration(s) * time.Second).String() }

// Options bound what Gather reads.
type Options struct {
	// Ended is how many of the most recently ended leases to show.
	Ended int
	// Now is the time elapsed durations run to.
	Now time.Time
}

const pageLimit = 100

// Gather asks the chain about the provider operator (aitbcvaloper...) and
// joins the local records to what it lists. An error means the chain part
// is missing; a provider that is not registered is not an error.
func Gather(ctx context.Context, q computetypes.QueryClient, operator string, local []store.Lease, o Options) (*Chain, error) {
	c := &Chain{Leases: []Lease{}, AttestationsDue: []Due{}}
	p, err := ProviderBond(ctx, q, operator)
	if err != nil {
		return nil, err
	}
	if p != nil {
		c.Registered, c.Status, c.Bond = true, p.Status, &p.Bond
	}

	steps := map[store.Role]map[uint64]store.Lease{store.RoleProvider: {}, store.RoleAttester: {}}
	for _, l := range local {
		if m := steps[l.Role]; m != nil {
			m[l.LeaseID] = l
		}
	}
	row := func(l computetypes.Lease) Lease {
		r := Lease{ID: l.Id, JobID: l.JobId, State: leaseState(l), Hours: l.Hours, Deadline: l.Deadline, Ended: l.Ended}
		end := o.Now
		if l.Ended != nil {
			end = *l.Ended
		}
		if d := end.Sub(l.Created); d > 0 {
			r.Elapsed = Seconds(d / time.Second)
		}
		if rec, ok := steps[store.RoleProvider][l.Id]; ok {
			r.LocalStep, r.LocalReason = rec.Step.String(), rec.Reason
		}
		return r
	}
	for _, st := range computetypes.UnfinishedLeaseStatuses {
		err := pages(func(page *query.PageRequest) (*query.PageResponse, error) {
			res, err := q.Leases(ctx, &computetypes.QueryLeasesRequest{Provider: operator, Status: st, Pagination: page})
			if err != nil {
				return nil, err
			}
			for _, l := range res.Leases {
				c.Leases = append(c.Leases, row(l))
			}
			return res.Pagination, nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s leases: %w", st, err)
		}
	}
	if o.Ended > 0 {
		// The newest of each final status (the index is by lease id), then
		// the newest of those by end time.
		var ended []Lease
		for s := int32(1); s < int32(len(computetypes.LeaseStatus_name)); s++ {
			st := computetypes.LeaseStatus(s)
			if !st.IsFinal() {
				continue
			}
			res, err := q.Leases(ctx, &computetypes.QueryLeasesRequest{Provider: operator, Status: st,
				Pagination: &query.PageRequest{Limit: uint64(o.Ended), Reverse: true}})
			if err != nil {
				return nil, fmt.Errorf("%s leases: %w", st, err)
			}
			for _, l := range res.Leases {
				ended = append(ended, row(l))
			}
		}
		sort.SliceStable(ended, func(i, j int) bool {
			ti, tj := endTime(ended[i]), endTime(ended[j])
			if !ti.Equal(tj) {
				return ti.After(tj)
			}
			return ended[i].ID > ended[j].ID
		})
		if len(ended) > o.Ended {
			ended = ended[:o.Ended]
		}
		c.Leases = append(c.Leases, ended...)
	}

	err = pages(func(page *query.PageRequest) (*query.PageResponse, error) {
		res, err := q.AttestationsDue(ctx, &computetypes.QueryAttestationsDueRequest{Validator: operator, Pagination: page})
		if err != nil {
			return nil, err
		}
		for _, l := range res.Leases {
			d := Due{LeaseID: l.Id, JobID: l.JobId, Phase: "commit"}
			deadline := l.CommitDeadline
			if l.AttestationPhase == computetypes.ATTESTATION_PHASE_REVEAL {
				d.Phase, deadline = "reveal", l.AttestationDeadline
			}
			if deadline != nil {
				d.Deadline = *deadline
			}
			if rec, ok := steps[store.RoleAttester][l.Id]; ok {
				d.LocalStep, d.LocalReason = rec.Step.String(), rec.Reason
			}
			c.AttestationsDue = append(c.AttestationsDue, d)
		}
		return res.Pagination, nil
	})
	if err != nil {
		return nil, fmt.Errorf("attestations due: %w", err)
	}
	return c, nil
}

// Provider is a provider's status and the health of its bond.
type Provider struct {
	Status string
	Bond   Bond
}

// ProviderBond reads the provider's record and the params and applies
// BondHealth; it returns nil, and no error, when the operator is not
// registered as a provider.
func ProviderBond(ctx context.Context, q computetypes.QueryClient, operator string) (*Provider, error) {
	params, err := q.Params(ctx, &computetypes.QueryParamsRequest{})
	if err != nil {
		return nil, fmt.Errorf("params: %w", err)
	}
	p, err := q.Provider(ctx, &computetypes.QueryProviderRequest{Operator: operator})
	switch {
	case grpcstatus.Code(err) == codes.NotFound || errors.Is(err, computetypes.ErrProviderNotFound) || errors.Is(err, sdkerrors.ErrKeyNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("provider %s: %w", operator, err)
	}
	return &Provider{Status: p.Provider.Status.String(), Bond: BondHealth(p.Provider.Bond, params.Params)}, nil
}

func endTime(l Lease) time.Time {
	if l.Ended == nil {
		return time.Time{}
	}
	return *l.Ended
}

// pages calls list with each page key until the last page.
func pages(list func(*query.PageRequest) (*query.PageResponse, error)) error {
	var key []byte
	for {
		res, err := list(&query.PageRequest{Key: key, Limit: pageLimit})
		if err != nil {
			return err
		}
		if res == nil || len(res.NextKey) == 0 {
			return nil
		}
		key = res.NextKey
	}
}

// leaseState names a lease's state for an operator.
func leaseState(l computetypes.Lease) string {
	switch l.Status {
	case computetypes.LEASE_STATUS_ACTIVE:
		return "active"
	case computetypes.LEASE_STATUS_ATTESTING:
		if l.AttestationPhase == computetypes.ATTESTATION_PHASE_REVEAL {
			return "attesting (reveal)"
		}
		return "attesting (commit)"
	}
	return strings.ToLower(strings.TrimPrefix(l.Status.String(), "LEASE_STATUS_"))
}
