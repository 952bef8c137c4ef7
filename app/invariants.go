package app

import (
	"context"
	"fmt"
)

// CheckInvariants runs the invariants of every AITBC module (x/crisis is
// deprecated in v0.53: invariants are keeper Check functions). Tests, the
// simulation and the app-level fuzz target call it after blocks.
func (app *App) CheckInvariants(ctx context.Context) error {
	for _, m := range []struct {
		name  string
		check func(context.Context) error
	}{
		{"dao", app.DaoKeeper.CheckInvariants},
		{"sourcedao", app.SourcedaoKeeper.CheckInvariants},
		{"agent", app.AgentKeeper.CheckInvariants},
		{"compute", app.ComputeKeeper.CheckInvariants},
		{"reputation", app.ReputationKeeper.CheckInvariants},
	} {
		if err := m.check(ctx); err != nil {
			return fmt.Errorf("x/%s invariant: %w", m.name, err)
		}
	}
	return nil
}
