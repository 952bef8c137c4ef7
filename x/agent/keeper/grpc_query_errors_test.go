package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/aitbc/aitbc/x/agent/types"
)

// TestQueryErrorCodes checks the gRPC code of every query's answer to a
// malformed address, enum, capability or page (InvalidArgument: HTTP 400)
// and to an unknown id (NotFound: HTTP 404): never Unknown (HTTP 500).
func TestQueryErrorCodes(t *testing.T) {
	f := newFixture(t)
	id := f.register("llm").AgentId
	q, ctx := f.q, f.ctx()
	both := &query.PageRequest{Offset: 1, Key: []byte{1}}

	for _, tc := range []struct {
		name string
		err  func() error
		want codes.Code
	}{
		{"agent: unknown id", func() error { _, err := q.Agent(ctx, &types.QueryAgentRequest{AgentId: 999}); return err }, codes.NotFound},
		{"wallet: unknown id", func() error { _, err := q.Wallet(ctx, &types.QueryWalletRequest{AgentId: 999}); return err }, codes.NotFound},
		{"wallet", func() error { _, err := q.Wallet(ctx, &types.QueryWalletRequest{AgentId: id}); return err }, codes.OK},
		{"policy: unknown id", func() error { _, err := q.Policy(ctx, &types.QueryPolicyRequest{AgentId: 999}); return err }, codes.NotFound},
		{"policy: none set", func() error { _, err := q.Policy(ctx, &types.QueryPolicyRequest{AgentId: id}); return err }, codes.NotFound},
		{"agents: type 99", func() error { _, err := q.Agents(ctx, &types.QueryAgentsRequest{Type: 99}); return err }, codes.InvalidArgument},
		{"agents: type 99 with a capability", func() error {
			_, err := q.Agents(ctx, &types.QueryAgentsRequest{Type: 99, Capability: "llm"})
			return err
		}, codes.InvalidArgument},
		{"agents: type -1", func() error { _, err := q.Agents(ctx, &types.QueryAgentsRequest{Type: -1}); return err }, codes.InvalidArgument},
		{"agents: NUL capability", func() error { _, err := q.Agents(ctx, &types.QueryAgentsRequest{Capability: "llm\x00"}); return err }, codes.InvalidArgument},
		{"agents: offset and key", func() error { _, err := q.Agents(ctx, &types.QueryAgentsRequest{Pagination: both}); return err }, codes.InvalidArgument},
		{"agents: a capability and type", func() error {
			_, err := q.Agents(ctx, &types.QueryAgentsRequest{Type: types.AGENT_TYPE_PROVIDER, Capability: "llm"})
			return err
		}, codes.OK},
		{"by owner: bad owner", func() error {
			_, err := q.AgentsByOwner(ctx, &types.QueryAgentsByOwnerRequest{Owner: "nope"})
			return err
		}, codes.InvalidArgument},
		{"by owner: empty owner", func() error { _, err := q.AgentsByOwner(ctx, &types.QueryAgentsByOwnerRequest{}); return err }, codes.InvalidArgument},
		{"by owner: offset and key", func() error {
			_, err := q.AgentsByOwner(ctx, &types.QueryAgentsByOwnerRequest{Owner: f.owner.String(), Pagination: both})
			return err
		}, codes.InvalidArgument},
	} {
		err := tc.err()
		require.Equal(t, tc.want, status.Code(err), "%s: %v", tc.name, err)
	}
	_, err := q.AgentsByOwner(ctx, &types.QueryAgentsByOwnerRequest{Owner: "nope"})
	require.ErrorIs(t, err, types.ErrInvalidAddress)

	// A stored wallet that no longer decodes is an internal error, not a
	// panic of the query (it used sdk.MustAccAddressFromBech32).
	a, err := f.k.GetAgent(ctx, id)
	require.NoError(t, err)
	a.Wallet = "not-an-address"
	require.NoError(t, f.k.Agents.Set(ctx, id, a))
	require.NotPanics(t, func() {
		_, err = q.Wallet(ctx, &types.QueryWalletRequest{AgentId: id})
	})
	require.Equal(t, codes.Internal, status.Code(err), "%v", err)

	for name, call := range map[string]func() error{
		"params":   func() error { _, err := q.Params(ctx, nil); return err },
		"agent":    func() error { _, err := q.Agent(ctx, nil); return err },
		"agents":   func() error { _, err := q.Agents(ctx, nil); return err },
		"by owner": func() error { _, err := q.AgentsByOwner(ctx, nil); return err },
		"wallet":   func() error { _, err := q.Wallet(ctx, nil); return err },
		"policy":   func() error { _, err := q.Policy(ctx, nil); return err },
	} {
		require.Equal(t, codes.InvalidArgument, status.Code(call()), name)
	}
}
