package keeper_test

import (
	"strings"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/aitbc/aitbc/internal/ident"
	"github.com/aitbc/aitbc/testutil/hostile"
	"github.com/aitbc/aitbc/x/dao/types"
)

// isText says whether s passes the free-text rule and is not blank.
func isText(s string) bool { return strings.TrimSpace(s) != "" && ident.CheckText("", s, 0) == nil }

// Every hostile string as a proposal's class, title, summary or metadata:
// ValidateBasic and the keeper refuse exactly what the identifier and text
// rules refuse, with the module's sentinel, and store nothing then; the
// next block is unaffected.
func TestSubmitProposalHostileStrings(t *testing.T) {
	f := newGovFixture(t, 4)
	f.fundTreasury(100) // the spends below must succeed in the dry run at submission
	a := f.addrs[0]
	submit := func(edit func(*types.MsgSubmitProposal)) (*types.MsgSubmitProposal, error) {
		msg := f.submitMsg(a, types.ClassStandard, f.spend(a, 1))
		edit(msg)
		ctx, write := f.ctx().CacheContext()
		_, err := f.msgs.SubmitProposal(ctx, msg)
		if err == nil {
			write()
		}
		return msg, err
	}
	before, err := f.k.ProposalSeq.Peek(f.ctx())
	require.NoError(t, err)
	accepted := uint64(0)
	for _, s := range hostile.Strings {
		msg, err := submit(func(m *types.MsgSubmitProposal) { m.Class = s })
		if ident.Check("class", s, types.MaxClassNameLength) != nil {
			require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidIdentifier, "class %q", s)
			require.ErrorIs(t, err, types.ErrInvalidIdentifier, "class %q", s)
		} else {
			require.NoError(t, msg.ValidateBasic(), "class %q", s)
			require.ErrorIs(t, err, types.ErrUnknownClass, "class %q is well formed but no class", s)
		}

		msg, err = submit(func(m *types.MsgSubmitProposal) { m.Title = s })
		switch {
		case !isText(s):
			require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidProposalText, "title %q", s)
			require.ErrorIs(t, err, types.ErrInvalidProposalText, "title %q", s)
		case len(s) > int(f.params.MaxTitleLength):
			require.NoError(t, msg.ValidateBasic(), "title %q", s)
			require.ErrorIs(t, err, types.ErrProposalTooLarge, "title %q", s)
		default:
			require.NoError(t, err, "title %q", s)
			accepted++
		}

		for _, field := range []string{"summary", "metadata"} {
			msg, err = submit(func(m *types.MsgSubmitProposal) {
				if field == "summary" {
					m.Summary = s
				} else {
					m.Metadata = s
				}
			})
			if ident.CheckText(field, s, 0) != nil {
				require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidProposalText, "%s %q", field, s)
				require.ErrorIs(t, err, types.ErrInvalidProposalText, "%s %q", field, s)
			} else {
				require.NoError(t, msg.ValidateBasic(), "%s %q", field, s)
				require.NoError(t, err, "%s %q", field, s)
				accepted++
			}
		}
	}
	after, err := f.k.ProposalSeq.Peek(f.ctx())
	require.NoError(t, err)
	require.Equal(t, before+accepted, after, "only the accepted submissions stored a proposal")
	ctx := f.block(f.now.Add(f.class(types.ClassStandard).ChallengePeriod))
	require.Empty(t, failedItems(ctx), "the accepted proposals move to voting")
	f.requireAllInvariants()
}

func TestChallengeAndConstitutionHostileText(t *testing.T) {
	f := newGovFixture(t, 4)
	f.fundTreasury(100) // the spends below must succeed in the dry run at submission
	a, b := f.addrs[0], f.addrs[1]
	id := f.submit(a, types.ClassStandard, f.spend(a, 1))
	for _, s := range hostile.Strings {
		msg := &types.MsgChallenge{Challenger: b.String(), ProposalId: id, Reason: s}
		ctx, _ := f.ctx().CacheContext() // never written: one challenge per proposal
		_, err := f.msgs.Challenge(ctx, msg)
		if !isText(s) {
			require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidProposalText, "reason %q", s)
			require.ErrorIs(t, err, types.ErrInvalidProposalText, "reason %q", s)
		} else {
			require.NoError(t, msg.ValidateBasic(), "reason %q", s)
			require.NoError(t, err, "reason %q", s)
		}

		set := &types.MsgSetConstitution{Authority: f.authority(), Constitution: s}
		ctx, _ = f.ctx().CacheContext()
		_, err = f.msgs.SetConstitution(ctx, set)
		if ident.CheckText("constitution", s, 0) != nil {
			require.ErrorIs(t, set.ValidateBasic(), types.ErrInvalidProposalText, "constitution %q", s)
			require.ErrorIs(t, err, types.ErrInvalidProposalText, "constitution %q", s)
		} else {
			require.NoError(t, err, "constitution %q", s)
		}
	}
	// A proposal carrying a hostile constitution is refused at submission,
	// through the inner message's ValidateBasic.
	msg := f.submitMsg(a, types.ClassConstitution, &types.MsgSetConstitution{Authority: f.authority(), Constitution: "law\x00"})
	_, err := f.msgs.SubmitProposal(f.ctx(), msg)
	require.ErrorIs(t, err, types.ErrInvalidProposalMsg)
	require.ErrorContains(t, err, "control character")
}

// Class names, message type URLs and electorate group names in params are
// identifiers.
func TestParamsHostileIdentifiers(t *testing.T) {
	for _, s := range hostile.Strings {
		for _, tc := range []struct {
			field string
			max   uint32
			edit  func(*types.Params)
		}{
			{"classes[6].name", types.MaxClassNameLength, func(p *types.Params) {
				c := p.Classes[1]
				c.Name = s
				p.Classes = append(p.Classes, c)
			}},
			{"message_classes[10].type_url", ident.MaxLength, func(p *types.Params) {
				p.MessageClasses = append(p.MessageClasses, types.MessageClass{TypeUrl: s, Class: types.ClassStandard})
			}},
			{"group_shares[5].group", types.MaxGroupNameLength, func(p *types.Params) {
				p.GroupShares = append(p.GroupShares, types.GroupShare{Group: s, Share: math.LegacyZeroDec()})
			}},
		} {
			p := types.DefaultParams()
			tc.edit(&p)
			msg := types.MsgUpdateParams{Params: p}
			if ident.Check(tc.field, s, tc.max) != nil {
				require.ErrorIs(t, p.Validate(), types.ErrInvalidParams, "%s %q", tc.field, s)
				require.ErrorContains(t, p.Validate(), tc.field)
				require.ErrorIs(t, msg.ValidateBasic(), types.ErrInvalidParams)
			} else {
				require.NoError(t, p.Validate(), "%s %q", tc.field, s)
			}
		}
	}
}

// Genesis refuses hostile proposal text, vote groups and reasons, frozen
// member lists and constitution.
func TestGenesisHostileStrings(t *testing.T) {
	f := newGovFixture(t, 4)
	f.fundTreasury(100) // the spends below must succeed in the dry run at submission
	a := f.addrs[0]
	id := f.submit(a, types.ClassStandard, f.spend(a, 1))
	_, err := f.msgs.Challenge(f.ctx(), &types.MsgChallenge{Challenger: f.addrs[1].String(), ProposalId: id, Reason: "why"})
	require.NoError(t, err)
	voting := f.submit(a, types.ClassStandard, f.spend(a, 1))
	f.toVoting(voting)
	f.mustVote(a, voting, types.VOTE_OPTION_YES)
	exported, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	require.NoError(t, exported.Validate())

	for name, edit := range map[string]func(gs *types.GenesisState){
		"title":            func(gs *types.GenesisState) { gs.Proposals[0].Title = "t\x00" },
		"summary":          func(gs *types.GenesisState) { gs.Proposals[0].Summary = "\x1b[31mred" },
		"metadata":         func(gs *types.GenesisState) { gs.Proposals[0].Metadata = "\xff\xfe" },
		"challenge reason": func(gs *types.GenesisState) { gs.Proposals[0].Challenge.Reason = "a\x7f" },
		"challenger":       func(gs *types.GenesisState) { gs.Proposals[0].Challenge.Challenger = "garbage" },
		"proposer":         func(gs *types.GenesisState) { gs.Proposals[1].Proposer = "garbage" },
		"vote group":       func(gs *types.GenesisState) { gs.Votes[0].Group = "human\x00" },
		"group tally":      func(gs *types.GenesisState) { gs.Proposals[1].GroupTallies[0].Group = " human" },
		"constitution":     func(gs *types.GenesisState) { gs.Constitution = "law\x00" },
		"vote reason":      func(gs *types.GenesisState) { gs.Votes[0].Reason = "why\x00" },
		"frozen committee": func(gs *types.GenesisState) { gs.Proposals[1].Committee = []string{"garbage"} },
		"duplicate seated": func(gs *types.GenesisState) { gs.Proposals[1].Committee = []string{a.String(), a.String()} },
		"challenge members": func(gs *types.GenesisState) {
			gs.Proposals[0].Challenge.Members = []string{f.addrs[1].String(), "aitbc1garbage"}
		},
	} {
		gs, err := f.k.ExportGenesis(f.ctx())
		require.NoError(t, err)
		edit(gs)
		require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis, name)
	}
}

// Limits governance lowered after a text was accepted do not make the
// export unimportable.
func TestGenesisKeepsTextsOverLoweredLimits(t *testing.T) {
	f := newGovFixture(t, 4)
	f.fundTreasury(100)
	a := f.addrs[0]
	id := f.submit(a, types.ClassStandard, f.spend(a, 1))
	_, err := f.msgs.Challenge(f.ctx(), &types.MsgChallenge{Challenger: f.addrs[1].String(), ProposalId: id, Reason: "a reason longer than four bytes"})
	require.NoError(t, err)
	gs, err := f.k.ExportGenesis(f.ctx())
	require.NoError(t, err)
	gs.Proposals[0].Title = strings.Repeat("A", 200)
	gs.Constitution = strings.Repeat("law ", 100)
	gs.Params.MaxTitleLength, gs.Params.MaxChallengeReasonLength, gs.Params.MaxConstitutionLength = 4, 4, 4
	require.NoError(t, gs.Validate())
}

// A group resolver answering a hostile group cannot put it in a vote:
// the voter counts as human.
func TestHostileGroupCountsAsHuman(t *testing.T) {
	f := newGovFixture(t, 4)
	f.fundTreasury(100) // the spends below must succeed in the dry run at submission
	a := f.addrs[0]
	id := f.submit(a, types.ClassStandard, f.spend(a, 1))
	f.toVoting(id)
	f.withAgents(agentTypes(func(sdk.AccAddress) string { return "provider\x00" }))
	_, err := f.k.Vote(f.ctx(), a, id, []types.WeightedVoteOption{{Option: types.VOTE_OPTION_YES, Weight: math.LegacyOneDec()}}, "")
	require.NoError(t, err)
	v, err := newQuery(f).Vote(f.ctx(), &types.QueryVoteRequest{ProposalId: id, Voter: a.String()})
	require.NoError(t, err)
	require.Equal(t, types.GroupHuman, v.Vote.Group)
	require.Equal(t, types.GroupHuman, f.proposal(id).GroupTallies[0].Group)
}
