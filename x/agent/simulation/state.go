package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/agent/keeper"
	"github.com/aitbc/aitbc/x/agent/types"
)

// scanLimit bounds every read of a factory, so an operation costs the same
// however large the state has grown.
const scanLimit = 64

var capabilities = []string{"inference", "training", "fine-tune", "render", "embedding", "transcode"}

// agent is an agent whose owner the simulation holds.
type agent struct {
	types.Agent
	owner simsx.SimAccount
}

// agents returns up to scanLimit agents of simulation accounts, retired
// ones only when retired is set.
func agents(ctx context.Context, k keeper.Keeper, data *simsx.ChainDataSource, retired bool) []agent {
	var out []agent
	_ = k.Agents.Walk(ctx, nil, func(_ uint64, a types.Agent) (bool, error) {
		if (a.Status == types.AGENT_STATUS_RETIRED) != retired {
			return false, nil
		}
		if owner, ok := simops.Account(data, a.Owner); ok {
			out = append(out, agent{Agent: a, owner: owner})
		}
		return len(out) >= scanLimit, nil
	})
	return out
}

func unknownAgentID(ctx context.Context, k keeper.Keeper) uint64 {
	next, err := k.AgentSeq.Peek(ctx)
	if err != nil {
		return 1 << 40
	}
	return next + 1000
}
