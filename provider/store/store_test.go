package store_test

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aitbc/aitbc/provider/store"
)

func open(t *testing.T, dir string) *store.Store {
	t.Helper()
	s, err := store.Open(dir)
	require.NoError(t, err)
	return s
}

func TestResumeAfterReopen(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	_, err := s.Advance(store.RoleProvider, 7, store.StepResultReady, func(l *store.Lease) {
		l.OutputHash = "sha256:ab"
		l.GPUSeconds = 120
	})
	require.NoError(t, err)
	_, err = s.Advance(store.RoleProvider, 7, store.StepResultSubmitted, nil)
	require.NoError(t, err)
	_, err = s.Advance(store.RoleAttester, 7, store.StepCommitted, func(l *store.Lease) {
		l.Salt, l.Verdict, l.OutputHash = "00ff", "valid", "sha256:cd"
	})
	require.NoError(t, err)
	_, err = s.Advance(store.RoleProvider, 3, store.StepDone, nil)
	require.NoError(t, err)
	require.NoError(t, s.Close())

	// A new process sees every write: the submission intent survives.
	s = open(t, dir)
	defer s.Close()
	l, ok, err := s.Get(store.RoleProvider, 7)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, store.StepResultSubmitted, l.Step)
	require.Equal(t, "sha256:ab", l.OutputHash, "data of earlier steps is kept")
	require.Equal(t, uint64(120), l.GPUSeconds)
	require.False(t, l.Updated.IsZero())

	a, ok, err := s.Get(store.RoleAttester, 7)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, store.Lease{LeaseID: 7, Role: store.RoleAttester, Step: store.StepCommitted,
		OutputHash: "sha256:cd", Salt: "00ff", Verdict: "valid", Updated: a.Updated}, a)

	_, ok, err = s.Get(store.RoleProvider, 8)
	require.NoError(t, err)
	require.False(t, ok)

	all, err := s.List()
	require.NoError(t, err)
	require.Len(t, all, 3)
	// Ordered by role, then lease id.
	require.Equal(t, []uint64{7, 3, 7}, []uint64{all[0].LeaseID, all[1].LeaseID, all[2].LeaseID})

	pending, err := s.Pending()
	require.NoError(t, err)
	require.Len(t, pending, 2)
	for _, p := range pending {
		require.NotEqual(t, store.StepDone, p.Step)
	}
}

func TestStepsOnlyMoveForward(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	_, err := s.Advance(store.RoleProvider, 1, store.StepResultSubmitted, nil)
	require.NoError(t, err)
	_, err = s.Advance(store.RoleProvider, 1, store.StepRunning, nil)
	require.ErrorIs(t, err, store.ErrStepBackwards)
	// Staying on a step is allowed (e.g. recording a reason).
	l, err := s.Advance(store.RoleProvider, 1, store.StepResultSubmitted, func(l *store.Lease) { l.Reason = "x" })
	require.NoError(t, err)
	require.Equal(t, "x", l.Reason)

	got, _, err := s.Get(store.RoleProvider, 1)
	require.NoError(t, err)
	require.Equal(t, store.StepResultSubmitted, got.Step)
}

func TestStepsPerRole(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	_, err := s.Advance(store.RoleProvider, 1, store.StepCommitted, nil)
	require.ErrorIs(t, err, store.ErrStepForRole)
	_, err = s.Advance(store.RoleAttester, 1, store.StepResultSubmitted, nil)
	require.ErrorIs(t, err, store.ErrStepForRole)
	_, err = s.Advance(store.RoleAttester, 1, store.Step(99), nil)
	require.ErrorIs(t, err, store.ErrStepForRole)
	_, err = s.Advance(store.Role("consumer"), 1, store.StepSeen, nil)
	require.Error(t, err)
	all, err := s.List()
	require.NoError(t, err)
	require.Empty(t, all, "refused updates write nothing")
}

func TestFailedUpdateWritesNothing(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	_, err := s.Advance(store.RoleProvider, 2, store.StepRunning, nil)
	require.NoError(t, err)
	boom := errors.New("boom")
	_, err = s.Update(store.RoleProvider, 2, func(l *store.Lease) error {
		l.Step = store.StepDone
		l.OutputHash = "sha256:zz"
		return boom
	})
	require.ErrorIs(t, err, boom)
	l, _, err := s.Get(store.RoleProvider, 2)
	require.NoError(t, err)
	require.Equal(t, store.StepRunning, l.Step)
	require.Empty(t, l.OutputHash)
}

func TestConcurrentUpdatesAreAtomic(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	const n = 50
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Update(store.RoleProvider, 9, func(l *store.Lease) error {
				l.GPUSeconds++
				return nil
			})
			require.NoError(t, err)
		}()
	}
	wg.Wait()
	l, _, err := s.Get(store.RoleProvider, 9)
	require.NoError(t, err)
	require.Equal(t, uint64(n), l.GPUSeconds)
}

func TestDeleteAndSalt(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	_, err := s.Advance(store.RoleAttester, 4, store.StepDone, nil)
	require.NoError(t, err)
	require.NoError(t, s.Delete(store.RoleAttester, 4))
	_, ok, err := s.Get(store.RoleAttester, 4)
	require.NoError(t, err)
	require.False(t, ok)

	a, err := store.NewSalt()
	require.NoError(t, err)
	b, err := store.NewSalt()
	require.NoError(t, err)
	require.Len(t, a, 64)
	require.NotEqual(t, a, b)
	require.Equal(t, "result_submitted", store.StepResultSubmitted.String())
}

func TestFailedIsFinal(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	_, err := s.Advance(store.RoleProvider, 5, store.StepInputFetched, nil)
	require.NoError(t, err)

	l, changed, err := s.Fail(store.RoleProvider, 5, "fetch: input does not match input_hash")
	require.NoError(t, err)
	require.True(t, changed)
	require.Equal(t, store.StepFailed, l.Step)
	require.Equal(t, "failed", l.Step.String())
	// A second failure changes nothing, so the daemon logs and counts once.
	l, changed, err = s.Fail(store.RoleProvider, 5, "run: another reason")
	require.NoError(t, err)
	require.False(t, changed)
	require.Equal(t, "fetch: input does not match input_hash", l.Reason)

	// A failed record never moves: not to done, not back to running.
	for _, step := range []store.Step{store.StepDone, store.StepRunning, store.StepResultSubmitted} {
		_, err = s.Advance(store.RoleProvider, 5, step, nil)
		require.ErrorIs(t, err, store.ErrFinal, "failed -> %s", step)
	}
	// Nor does a done one.
	_, err = s.Advance(store.RoleAttester, 6, store.StepDone, nil)
	require.NoError(t, err)
	_, changed, err = s.Fail(store.RoleAttester, 6, "late")
	require.NoError(t, err)
	require.False(t, changed)
	_, err = s.Advance(store.RoleAttester, 6, store.StepFailed, nil)
	require.ErrorIs(t, err, store.ErrFinal)
	// A lease never seen can fail at once (e.g. its job asks for GPUs this node lacks).
	l, changed, err = s.Fail(store.RoleAttester, 7, "gpus: none")
	require.NoError(t, err)
	require.True(t, changed)
	require.Equal(t, store.StepFailed, l.Step)
	require.NoError(t, s.Close())

	// Across a restart, final records are not pending: nothing resumes them.
	s = open(t, dir)
	defer s.Close()
	pending, err := s.Pending()
	require.NoError(t, err)
	require.Empty(t, pending)
	got, ok, err := s.Get(store.RoleProvider, 5)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, store.StepFailed, got.Step)
}

func TestStepJSON(t *testing.T) {
	bz, err := json.Marshal(store.Lease{LeaseID: 3, Role: store.RoleProvider, Step: store.StepFailed, Reason: "r"})
	require.NoError(t, err)
	require.Contains(t, string(bz), `"step":"failed"`)
	var l store.Lease
	require.NoError(t, json.Unmarshal(bz, &l))
	require.Equal(t, store.StepFailed, l.Step)
	// Records written with numbered steps still read.
	require.NoError(t, json.Unmarshal([]byte(`{"lease_id":3,"role":"provider","step":5}`), &l))
	require.Equal(t, store.StepResultSubmitted, l.Step)
	require.Error(t, json.Unmarshal([]byte(`{"step":"bogus"}`), &l))
}
