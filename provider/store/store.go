// Package store is the provider daemon's embedded local state under
// <home>/data/provider: for each lease it works on, as provider or as
// attester, the step reached and what is needed to resume (output
// manifest hash, commit salt, verdict).
//
// The chain is the source of truth; this store only makes the daemon
// idempotent. The daemon writes the step of a chain submission (result
// submitted, committed, revealed) with a synced write BEFORE it broadcasts,
// so after a kill -9 it finds the intent, checks the chain, and never
// submits twice.
package store

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	dbm "github.com/cosmos/cosmos-db"
)

// Role is what this node does on a lease.
type Role string

const (
	RoleProvider Role = "provider"
	RoleAttester Role = "attester"
)

// Step is how far a lease got; steps only move forward.
type Step uint8

const (
	StepUnknown Step = iota
	StepSeen
	StepInputFetched
	StepRunning
	StepResultReady
	// StepResultSubmitted (provider): written before MsgSubmitResult is broadcast.
	StepResultSubmitted
	// StepCommitted (attester): written before the commit is broadcast; the
	// salt and verdict are already stored so the reveal can follow a restart.
	StepCommitted
	// StepRevealed (attester): written before the reveal is broadcast.
	StepRevealed
	StepDone
	// StepFailed: the daemon cannot work on the lease (its input cannot be
	// fetched or does not match input_hash, no runner or GPUs for its
	// workload, the workload failed, its output is refused); Reason says
	// why. Like done it is final: the lease is never tried again. It comes
	// after done so the numbers of the earlier steps stay what the store
	// already holds.
	StepFailed
)

var stepNames = [...]string{"unknown", "seen", "input_fetched", "running", "result_ready", "result_submitted", "committed", "revealed", "done", "failed"}

// MarshalJSON writes a step by name, so records read as text (in the
// store, from the daemon, in `provider status -o json`).
func (s Step) MarshalJSON() ([]byte, error) {
	if int(s) >= len(stepNames) {
		return nil, fmt.Errorf("unknown lease step %d", uint8(s))
	}
	return json.Marshal(stepNames[s])
}

// UnmarshalJSON reads a step by name, or by number as records written
// before steps had names.
func (s *Step) UnmarshalJSON(bz []byte) error {
	var n uint8
	if err := json.Unmarshal(bz, &n); err == nil {
		*s = Step(n)
		return nil
	}
	var name string
	if err := json.Unmarshal(bz, &name); err != nil {
		return fmt.Errorf("lease step %s: %w", bz, err)
	}
	for i, sn := range stepNames {
		if sn == name {
			*s = Step(i)
			return nil
		}
	}
	return fmt.Errorf("unknown lease step %q", name)
}

// Final reports whether a record is closed: done or failed. A final record
// never changes step again.
func (s Step) Final() bool { return s == StepDone || s == StepFailed }

func (s Step) String() string {
	if int(s) < len(stepNames) {
		return stepNames[s]
	}
	return fmt.Sprintf("step(%d)", uint8(s))
}

// Errors of Update.
var (
	ErrStepBackwards = errors.New("lease step cannot move backwards")
	ErrStepForRole   = errors.New("step not used by this role")
	ErrNotFound      = errors.New("lease not in store")
	ErrFinal         = errors.New("lease record is final (done or failed)")
)

// Lease is the local record of one lease.
type Lease struct {
	LeaseID uint64 `json:"lease_id"`
	Role    Role   `json:"role"`
	Step    Step   `json:"step"`
	// OutputHash is the manifest hash of the output this node computed.
	OutputHash string `json:"output_hash,omitempty"`
	GPUSeconds uint64 `json:"gpu_seconds,omitempty"`
	// Salt (hex) and Verdict are the attester's commit inputs.
	Salt    string `json:"salt,omitempty"`
	Verdict string `json:"verdict,omitempty"`
	// Reason says why a lease ended without the normal path (declined, failed).
	Reason string `json:"reason,omitempty"`
	// Declining (provider): the lease failed permanently and MsgDeclineLease
	// with Reason is being sent; written before the broadcast, so a restart
	// sends the decline again (or finds the lease ended) instead of running
	// the lease again. The step stays where the work stopped until failed.
	Declining bool      `json:"declining,omitempty"`
	Updated   time.Time `json:"updated"`
}

// Store is a goleveldb database; Update is atomic per lease and every
// write is synced to disk before it returns.
type Store struct {
	mu  sync.Mutex
	db  *dbm.GoLevelDB
	now func() time.Time
}

// Open opens (or creates) the store in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("provider store: %w", err)
	}
	db, err := dbm.NewGoLevelDB("leases", dir, nil)
	if err != nil {
		return nil, fmt.Errorf("provider store %s: %w", dir, err)
	}
	return &Store{db: db, now: time.Now}, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.Close()
}

const keyPrefix = "lease/"

func key(role Role, id uint64) []byte {
	k := make([]byte, 0, len(keyPrefix)+len(role)+1+8)
	k = append(k, keyPrefix...)
	k = append(k, role...)
	k = append(k, '/')
	return binary.BigEndian.AppendUint64(k, id)
}

// Get returns a lease's record; ok is false when there is none.
func (s *Store) Get(role Role, id uint64) (Lease, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.get(role, id)
}

func (s *Store) get(role Role, id uint64) (Lease, bool, error) {
	bz, err := s.db.Get(key(role, id))
	if err != nil {
		return Lease{}, false, fmt.Errorf("provider store: lease %d: %w", id, err)
	}
	if bz == nil {
		return Lease{}, false, nil
	}
	var l Lease
	if err := json.Unmarshal(bz, &l); err != nil {
		return Lease{}, false, fmt.Errorf("provider store: lease %d: corrupt record: %w", id, err)
	}
	return l, true, nil
}

// Update reads a lease's record (a fresh one at StepSeen when absent), lets
// fn change it, checks the step did not move backwards and is one the role
// uses, and writes it synced. Nothing is written when fn or a check fails.
func (s *Store) Update(role Role, id uint64, fn func(*Lease) error) (Lease, error) {
	if role != RoleProvider && role != RoleAttester {
		return Lease{}, fmt.Errorf("provider store: unknown role %q", role)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok, err := s.get(role, id)
	if err != nil {
		return Lease{}, err
	}
	if !ok {
		old = Lease{LeaseID: id, Role: role, Step: StepSeen}
	}
	l := old
	if err := fn(&l); err != nil {
		return Lease{}, err
	}
	l.LeaseID, l.Role = id, role // the key owns these
	if old.Step.Final() && l.Step != old.Step {
		return Lease{}, fmt.Errorf("lease %d (%s): %s -> %s: %w", id, role, old.Step, l.Step, ErrFinal)
	}
	if l.Step < old.Step {
		return Lease{}, fmt.Errorf("lease %d (%s): %s -> %s: %w", id, role, old.Step, l.Step, ErrStepBackwards)
	}
	if err := checkStep(role, l.Step); err != nil {
		return Lease{}, fmt.Errorf("lease %d: %w", id, err)
	}
	l.Updated = s.now().UTC()
	bz, err := json.Marshal(l)
	if err != nil {
		return Lease{}, err
	}
	if err := s.db.SetSync(key(role, id), bz); err != nil {
		return Lease{}, fmt.Errorf("provider store: lease %d: %w", id, err)
	}
	return l, nil
}

// Advance moves a lease to step (creating it when absent) and applies fn,
// which may be nil.
func (s *Store) Advance(role Role, id uint64, step Step, fn func(*Lease)) (Lease, error) {
	return s.Update(role, id, func(l *Lease) error {
		l.Step = step
		if fn != nil {
			fn(l)
		}
		return nil
	})
}

func checkStep(role Role, step Step) error {
	switch {
	case step == StepUnknown || step > StepFailed:
		return fmt.Errorf("%s: %w", step, ErrStepForRole)
	case role == RoleProvider && (step == StepCommitted || step == StepRevealed):
		return fmt.Errorf("%s as %s: %w", step, role, ErrStepForRole)
	case role == RoleAttester && step == StepResultSubmitted:
		return fmt.Errorf("%s as %s: %w", step, role, ErrStepForRole)
	}
	return nil
}

// List returns every record, by role then lease id.
func (s *Store) List() ([]Lease, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, err := s.db.Iterator([]byte(keyPrefix), prefixEnd([]byte(keyPrefix)))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []Lease
	for ; it.Valid(); it.Next() {
		var l Lease
		if err := json.Unmarshal(it.Value(), &l); err != nil {
			return nil, fmt.Errorf("provider store: corrupt record %x: %w", it.Key(), err)
		}
		out = append(out, l)
	}
	return out, it.Error()
}

// Fail closes a lease as failed with reason. It reports false, writing
// nothing, when the record is already final, so the caller logs a failure once.
func (s *Store) Fail(role Role, id uint64, reason string) (Lease, bool, error) {
	changed := false
	l, err := s.Update(role, id, func(l *Lease) error {
		if l.Step.Final() {
			return errAlreadyFinal
		}
		l.Step, l.Reason, changed = StepFailed, reason, true
		return nil
	})
	if errors.Is(err, errAlreadyFinal) {
		l, _, err = s.Get(role, id)
		return l, false, err
	}
	return l, changed, err
}

var errAlreadyFinal = errors.New("already final")

// Pending returns the records not final (neither done nor failed): what a
// restart resumes.
func (s *Store) Pending() ([]Lease, error) {
	all, err := s.List()
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, l := range all {
		if !l.Step.Final() {
			out = append(out, l)
		}
	}
	return out, nil
}

// Delete removes a record (pruning of leases long done).
func (s *Store) Delete(role Role, id uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.DeleteSync(key(role, id))
}

// NewSalt is 32 random bytes in hex, for an attestation commit.
func NewSalt() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
