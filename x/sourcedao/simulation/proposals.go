package simulation

import (
	"context"
	"strings"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/testutil/simops"
	"github.com/aitbc/aitbc/x/sourcedao/keeper"
	"github.com/aitbc/aitbc/x/sourcedao/types"
)

// ProposalMsgFactories registers the authority-only x/sourcedao messages
// for x/dao proposals, with the dao authority as signer: approvals of the
// projects waiting for one (with the digest they hold), stage advances,
// core developer sets, DAN revocations and params.
func ProposalMsgFactories(weights simsx.WeightSource, reg simsx.Registry, k keeper.Keeper) {
	reg.Add(weights.Get("sourcedao_proposal_approve_project", 300), proposalApproveProject(k))
	reg.Add(weights.Get("sourcedao_proposal_advance_stage", 40), simsx.SimMsgFactoryFn[*types.MsgAdvanceStage](
		func(context.Context, *simsx.ChainDataSource, simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAdvanceStage) {
			return nil, &types.MsgAdvanceStage{Authority: k.GetAuthority()}
		}))
	reg.Add(weights.Get("sourcedao_proposal_set_core_developers", 40), simsx.SimMsgFactoryFn[*types.MsgSetCoreDevelopers](
		func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetCoreDevelopers) {
			r := data.Rand().Rand
			msg := &types.MsgSetCoreDevelopers{Authority: k.GetAuthority()}
			seen := map[string]bool{}
			for _, a := range coreDevelopers(simops.ReadContext(ctx), k, data) {
				if r.Intn(4) != 0 && !seen[a.AddressBech32] {
					seen[a.AddressBech32] = true
					msg.Developers = append(msg.Developers, a.AddressBech32)
				}
			}
			for range 1 + r.Intn(3) {
				if a := simops.AnyAccount(data); !seen[a.AddressBech32] {
					seen[a.AddressBech32] = true
					msg.Developers = append(msg.Developers, a.AddressBech32)
				}
			}
			if simops.Spoiled(r) {
				msg.Developers = append(msg.Developers, simops.RawText(r, msg.Developers[0]), msg.Developers[0])
			}
			return nil, msg
		}))
	reg.Add(weights.Get("sourcedao_proposal_revoke_dan", 20), simsx.SimMsgFactoryFn[*types.MsgRevokeDan](
		func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRevokeDan) {
			addr := simops.AnyAccount(data).AddressBech32
			_ = k.DanDevelopers.Walk(simops.ReadContext(ctx), nil, func(a sdk.AccAddress) (bool, error) {
				addr = a.String()
				return data.Rand().Intn(2) == 0, nil
			})
			if r := data.Rand().Rand; simops.Spoiled(r) {
				addr = simops.RawText(r, addr)
			}
			return nil, &types.MsgRevokeDan{Authority: k.GetAuthority(), Address: addr}
		}))
	reg.Add(weights.Get("sourcedao_proposal_update_params", 20), simsx.SimMsgFactoryFn[*types.MsgUpdateParams](
		func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
			current := params(simops.ReadContext(ctx), k)
			r := data.Rand().Rand
			p := RandomParams(r, current.Denom, current.ImportantBudgetThreshold.AddRaw(1))
			p.Stages = current.Stages // stages already unlocked stay
			if simops.Spoiled(r) {
				p.Stages, p.MaxBudgetFraction = nil, simops.Dec(r)
			}
			return nil, &types.MsgUpdateParams{Authority: k.GetAuthority(), Params: p}
		}))
}

// unknownDigest is well formed (hex sha256) and matches no project.
var unknownDigest = strings.Repeat("0", 64)

// proposalApproveProject approves (mostly) or rejects the creation of a
// preparing project or the acceptance of an accepting one.
func proposalApproveProject(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgApproveProject] {
	return func(ctx context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgApproveProject) {
		rctx := simops.ReadContext(ctx)
		r := data.Rand().Rand
		msg := &types.MsgApproveProject{Authority: k.GetAuthority(), Approve: r.Intn(5) != 0}
		var pending []types.Project
		for _, p := range projectsIn(rctx, k, types.PROJECT_STATE_PREPARING) {
			pending = append(pending, p)
		}
		for _, p := range projectsIn(rctx, k, types.PROJECT_STATE_ACCEPTING) {
			if !p.AcceptanceRejected && p.Acceptance != nil {
				pending = append(pending, p)
			}
		}
		p, ok := simops.Pick(r, pending)
		if !ok {
			msg.ProjectId, msg.Phase, msg.Digest = hostile.Uint64(r, 10), types.APPROVAL_PHASE_CREATION, unknownDigest
			return nil, msg
		}
		msg.ProjectId, msg.Phase, msg.Digest = p.Id, types.APPROVAL_PHASE_CREATION, p.CreationDigest
		if p.State == types.PROJECT_STATE_ACCEPTING {
			msg.Phase, msg.Digest = types.APPROVAL_PHASE_ACCEPTANCE, p.Acceptance.Digest
		}
		if simops.Spoiled(r) {
			msg.Digest, msg.Phase = simops.RawText(r, msg.Digest), types.ApprovalPhase(int32(hostile.Uint64(r, 4)))
		}
		return nil, msg
	}
}

// registerUnauthorized adds the authority-only messages sent by an account
// that is not the authority: each must be refused with ErrInvalidSigner.
func registerUnauthorized(w func(string, uint32) uint32, reg simsx.Registry) {
	for _, u := range []struct {
		name string
		f    simsx.SimMsgFactoryX
	}{
		{"msg_update_params_unauthorized", unauthorized(func(from string) *types.MsgUpdateParams {
			return &types.MsgUpdateParams{Authority: from, Params: types.DefaultParams()}
		})},
		{"msg_advance_stage_unauthorized", unauthorized(func(from string) *types.MsgAdvanceStage {
			return &types.MsgAdvanceStage{Authority: from}
		})},
		{"msg_set_core_developers_unauthorized", unauthorized(func(from string) *types.MsgSetCoreDevelopers {
			return &types.MsgSetCoreDevelopers{Authority: from, Developers: []string{from}}
		})},
		{"msg_revoke_dan_unauthorized", unauthorized(func(from string) *types.MsgRevokeDan {
			return &types.MsgRevokeDan{Authority: from, Address: from}
		})},
		{"msg_approve_project_unauthorized", unauthorized(func(from string) *types.MsgApproveProject {
			return &types.MsgApproveProject{Authority: from, ProjectId: 1, Phase: types.APPROVAL_PHASE_CREATION, Approve: true, Digest: unknownDigest}
		})},
	} {
		reg.Add(w(u.name, weightAuthorityOnly), u.f)
	}
}

func unauthorized[T sdk.Msg](build func(from string) T) simsx.SimMsgFactoryX {
	return simops.Factory(func(_ context.Context, data *simsx.ChainDataSource, _ simsx.SimulationReporter) ([]simsx.SimAccount, T, simsx.SimDeliveryResultHandler) {
		from := simops.AnyAccount(data)
		return simops.Signers(from), build(from.AddressBech32), simops.MustFail(types.ErrInvalidSigner)
	})
}
