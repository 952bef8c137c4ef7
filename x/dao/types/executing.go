package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ExecutingProposal tells a message run by x/dao which proposal carries it,
// so a module can bind an approval to the class that voted it (x/sourcedao
// asks an important vote for large budgets).
type ExecutingProposal struct {
	Id uint64
	// Class is the proposal's class name; Rank its rank in the class table.
	Class string
	Rank  uint32
}

type executingProposalKey struct{}

// WithExecutingProposal returns ctx carrying p for the handlers x/dao runs.
func WithExecutingProposal(ctx sdk.Context, p ExecutingProposal) sdk.Context {
	return ctx.WithValue(executingProposalKey{}, p)
}

// ExecutingProposalFrom returns the proposal whose messages are running, or
// false outside a proposal's execution (e.g. in a user's transaction).
func ExecutingProposalFrom(ctx context.Context) (ExecutingProposal, bool) {
	p, ok := sdk.UnwrapSDKContext(ctx).Value(executingProposalKey{}).(ExecutingProposal)
	return p, ok
}
