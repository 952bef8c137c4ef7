package app_test

import (
	"bytes"
	"fmt"
	"time"

	"cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/aitbc/aitbc/app"
	"github.com/aitbc/aitbc/testutil/hostile"
	agenttypes "github.com/aitbc/aitbc/x/agent/types"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
	reputationtypes "github.com/aitbc/aitbc/x/reputation/types"
	sourcedaotypes "github.com/aitbc/aitbc/x/sourcedao/types"
)

// fuzzOp turns a record's payload into the messages of one transaction.
// Append new operations at the end: a header byte names an operation by
// its index, so reordering changes what stored corpus entries mean.
type fuzzOp struct {
	name string
	gen  func(g *gen) []sdk.Msg
}

// gen generates one message's fields. signer is the address that must
// sign the message: the transaction's account, or the dao module account
// inside a proposal, or an agent wallet inside MsgExec.
type gen struct {
	*fieldReader
	w      *fuzzWorld
	signer string
	depth  int // 0 for a transaction's own messages, 1 inside a proposal or an exec
	// forged is set when a transaction's message names a signer other
	// than the key that signs it (nil inside proposals and execs).
	forged *bool
}

var daoAddress = authtypes.NewModuleAddress(daotypes.ModuleName).String()

func one(m sdk.Msg) []sdk.Msg { return []sdk.Msg{m} }

// fuzzOps is every message the fuzz sends: all messages of the five AITBC
// modules (the authority ones both signed directly by an account, which
// must fail, and carried by dao proposals, which may pass), plus the
// cosmos-sdk messages that move the validator set, funds and rewards
// under them.
var fuzzOps []fuzzOp

func init() {
	fuzzOps = []fuzzOp{
		// x/dao
		{"dao/lock", func(g *gen) []sdk.Msg {
			return one(&daotypes.MsgLock{Owner: g.self(), Amount: g.coin(daotypes.AITBC(2_000))})
		}},
		{"dao/unlock", func(g *gen) []sdk.Msg {
			return one(&daotypes.MsgUnlock{Owner: g.self(), Amount: g.coin(daotypes.AITBC(100))})
		}},
		{"dao/cancel-unlock", func(g *gen) []sdk.Msg {
			return one(&daotypes.MsgCancelUnlock{Owner: g.self(), UnlockId: g.id("unlock_id")})
		}},
		{"dao/delegate", func(g *gen) []sdk.Msg {
			return one(&daotypes.MsgDelegate{Delegator: g.self(), Delegatee: g.addr(g.w.base.accounts[0].addr.String())})
		}},
		{"dao/submit-proposal", genSubmitProposal},
		{"dao/cancel-proposal", func(g *gen) []sdk.Msg {
			return one(&daotypes.MsgCancelProposal{Proposer: g.self(), ProposalId: g.id("proposal_id")})
		}},
		{"dao/challenge", func(g *gen) []sdk.Msg {
			return one(&daotypes.MsgChallenge{Challenger: g.self(), ProposalId: g.id("proposal_id"), Reason: g.str("spends the treasury")})
		}},
		{"dao/rule-challenge", func(g *gen) []sdk.Msg {
			return one(&daotypes.MsgRuleChallenge{Member: g.self(), ProposalId: g.id("proposal_id"), Uphold: g.flag(false)})
		}},
		{"dao/vote", func(g *gen) []sdk.Msg {
			return one(&daotypes.MsgVote{Voter: g.self(), ProposalId: g.id("proposal_id"), Option: daotypes.VoteOption(g.enum(int32(daotypes.VOTE_OPTION_YES)))})
		}},
		{"dao/vote-weighted", func(g *gen) []sdk.Msg {
			m := &daotypes.MsgVoteWeighted{Voter: g.self(), ProposalId: g.id("proposal_id")}
			for i := range g.count(2, 6) {
				m.Options = append(m.Options, daotypes.WeightedVoteOption{
					Option: daotypes.VoteOption(g.enum(int32(daotypes.VOTE_OPTION_YES) + int32(i%2)*2)),
					Weight: g.dec(math.LegacyNewDecWithPrec(5, 1)),
				})
			}
			return one(m)
		}},
		{"dao/approve", func(g *gen) []sdk.Msg {
			return one(&daotypes.MsgApprove{Member: g.self(), ProposalId: g.id("proposal_id")})
		}},
		{"dao/update-params", direct(genDaoParams)},
		{"dao/update-committee", direct(genUpdateCommittee)},
		{"dao/community-spend", direct(genCommunitySpend)},
		{"dao/set-constitution", direct(genSetConstitution)},

		// x/sourcedao
		{"sourcedao/update-params", direct(genSourcedaoParams)},
		{"sourcedao/advance-stage", direct(genAdvanceStage)},
		{"sourcedao/set-core-developers", direct(genSetCoreDevelopers)},
		{"sourcedao/revoke-dan", direct(genRevokeDan)},
		{"sourcedao/approve-project", direct(genApproveProject)},
		{"sourcedao/create-project", func(g *gen) []sdk.Msg {
			g.w.version++
			return one(&sourcedaotypes.MsgCreateProject{
				Manager: g.self(), Name: g.str("fuzz-project"), Version: g.u64(g.w.version),
				Budget:    g.amount(daotypes.AITBC(1_000)),
				StartTime: g.timestamp(g.w.now, g.w.now.Add(time.Hour)), EndTime: g.timestamp(g.w.now, g.w.now.Add(48*time.Hour)),
				DescriptionUri: g.str("https://example.org/project"),
			})
		}},
		{"sourcedao/submit-acceptance", func(g *gen) []sdk.Msg {
			m := &sourcedaotypes.MsgSubmitAcceptance{
				Manager: g.self(), ProjectId: g.id("project_id"),
				Level: sourcedaotypes.AcceptanceLevel(g.enum(int32(sourcedaotypes.ACCEPTANCE_LEVEL_GOOD))),
			}
			for i := range g.count(2, 8) {
				m.Contributions = append(m.Contributions, sourcedaotypes.Contribution{
					Address: g.addr(g.w.base.accounts[i%len(g.w.base.accounts)].addr.String()), Value: g.u64(60),
				})
			}
			return one(m)
		}},
		{"sourcedao/cancel-project", func(g *gen) []sdk.Msg {
			return one(&sourcedaotypes.MsgCancelProject{Manager: g.self(), ProjectId: g.id("project_id")})
		}},
		{"sourcedao/reject-expired", func(g *gen) []sdk.Msg {
			return one(&sourcedaotypes.MsgRejectExpired{Sender: g.self(), ProjectId: g.id("project_id")})
		}},
		{"sourcedao/claim-rewards", func(g *gen) []sdk.Msg {
			m := &sourcedaotypes.MsgClaimRewards{Claimant: g.self()}
			for range g.count(1, 8) {
				m.ProjectIds = append(m.ProjectIds, g.id("project_id"))
			}
			return one(m)
		}},

		// x/agent
		{"agent/update-params", direct(genAgentParams)},
		{"agent/register", func(g *gen) []sdk.Msg {
			return one(&agenttypes.MsgRegisterAgent{
				Owner: g.self(), Type: agenttypes.AgentType(g.enum(int32(agenttypes.AGENT_TYPE_CONSUMER))),
				Name: g.str("fuzz-agent"), Endpoint: g.str("https://agent.example.org"), Capabilities: g.strs("inference", 1, 20),
				MetadataUri: g.str("ipfs://meta"), MetadataHash: g.str(""),
			})
		}},
		{"agent/update", func(g *gen) []sdk.Msg {
			return one(&agenttypes.MsgUpdateAgent{
				Owner: g.self(), AgentId: g.id("agent_id"), Name: g.str("fuzz-agent-2"), Endpoint: g.str("https://agent2.example.org"),
				Capabilities: g.strs("training", 2, 20), MetadataUri: g.str(""), MetadataHash: g.str(""),
			})
		}},
		{"agent/set-operator", func(g *gen) []sdk.Msg {
			return one(&agenttypes.MsgSetOperator{Owner: g.self(), AgentId: g.id("agent_id"), Operator: g.addr(g.w.base.accounts[1].addr.String())})
		}},
		{"agent/transfer", func(g *gen) []sdk.Msg {
			return one(&agenttypes.MsgTransferAgent{Owner: g.self(), AgentId: g.id("agent_id"), NewOwner: g.addr(g.w.base.accounts[2].addr.String())})
		}},
		{"agent/pause", func(g *gen) []sdk.Msg {
			return one(&agenttypes.MsgPauseAgent{Owner: g.self(), AgentId: g.id("agent_id"), Paused: g.flag(true)})
		}},
		{"agent/retire", func(g *gen) []sdk.Msg {
			return one(&agenttypes.MsgRetireAgent{Owner: g.self(), AgentId: g.id("agent_id")})
		}},
		{"agent/set-policy", func(g *gen) []sdk.Msg {
			p := agenttypes.Policy{
				AllowedMsgTypes: g.strs(sdk.MsgTypeURL(&banktypes.MsgSend{}), 1, 40),
				SpendLimit:      g.coins(daotypes.AITBC(100)),
				Period:          g.duration(time.Hour),
			}
			if g.flag(false) {
				p.AllowedMsgTypes = append(p.AllowedMsgTypes, fuzzTypeURLs...)
			}
			for range g.count(0, 40) {
				p.AllowedRecipients = append(p.AllowedRecipients, g.addr(g.w.base.accounts[0].addr.String()))
			}
			return one(&agenttypes.MsgSetPolicy{Owner: g.self(), AgentId: g.id("agent_id"), Policy: p})
		}},
		{"agent/exec", func(g *gen) []sdk.Msg {
			id := g.id("agent_id")
			wallet := g.addr(g.w.wallets[id])
			if wallet == "" {
				wallet = g.w.base.accounts[0].addr.String()
			}
			return one(&agenttypes.MsgExec{Sender: g.self(), AgentId: id, Msgs: g.inner(wallet, 1, 10)})
		}},

		// x/compute
		{"compute/update-params", direct(genComputeParams)},
		{"compute/register-provider", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgRegisterProvider{
				Account: g.self(), Endpoint: g.str("https://provider.example.org"), Region: g.str("eu-west"),
				Gpus: g.gpus(), Attributes: g.attributes(), Bond: g.coin(daotypes.AITBC(1_000)),
			})
		}},
		{"compute/update-provider", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgUpdateProvider{
				Account: g.self(), Endpoint: g.str("https://provider2.example.org"), Region: g.str("us-east"),
				Gpus: g.gpus(), Attributes: g.attributes(),
			})
		}},
		{"compute/bond", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgBond{Account: g.self(), Amount: g.coin(daotypes.AITBC(100))})
		}},
		{"compute/unbond", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgUnbond{Account: g.self(), Amount: g.coin(daotypes.AITBC(100))})
		}},
		{"compute/create-offer", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgCreateOffer{
				Account: g.self(), Gpu: g.gpu(), PricePerGpuHour: g.coin(math.NewInt(100)),
				MinHours: g.u32(1), MaxHours: g.u32(24),
			})
		}},
		{"compute/update-offer", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgUpdateOffer{
				Account: g.self(), OfferId: g.id("offer_id"), Count: g.u32(4), PricePerGpuHour: g.coin(math.NewInt(90)),
				MinHours: g.u32(1), MaxHours: g.u32(48),
			})
		}},
		{"compute/close-offer", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgCloseOffer{Account: g.self(), OfferId: g.id("offer_id")})
		}},
		{"compute/submit-job", func(g *gen) []sdk.Msg {
			m := &computetypes.MsgSubmitJob{Consumer: g.self()}
			m.Requirements = computetypes.Requirements{Model: g.str("H100"), MinVramMib: g.u32(0), Count: g.u32(1), Hours: g.u32(1)}
			m.MaxPricePerGpuHour = g.coin(math.NewInt(1_000))
			m.Workload = computetypes.Workload{Image: g.str("x"), Command: g.str(""), Args: g.strs("", 0, 20)}
			for range g.count(0, 20) {
				m.Workload.Env = append(m.Workload.Env, computetypes.EnvVar{Name: g.str("MODE"), Value: g.str("fast")})
			}
			m.InputUri, m.InputHash = g.str(""), g.str("")
			m.MinProviderReputation = g.u32(0)
			m.Deadline = g.timestamp(g.w.now, g.w.now.Add(24*time.Hour))
			return one(m)
		}},
		{"compute/cancel-job", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgCancelJob{Consumer: g.self(), JobId: g.id("job_id")})
		}},
		{"compute/accept-offer", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgAcceptOffer{Consumer: g.self(), JobId: g.id("job_id"), OfferId: g.id("offer_id")})
		}},
		{"compute/submit-result", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgSubmitResult{
				Account: g.self(), LeaseId: g.id("lease_id"), OutputHash: g.str(fuzzOutputHash),
				OutputUri: g.str("https://provider.example.org/out"), GpuSecondsUsed: g.u64(1_800),
			})
		}},
		{"compute/commit-attestation", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgCommitAttestation{Account: g.self(), LeaseId: g.id("lease_id"), Commitment: fuzzCommitment()})
		}},
		{"compute/reveal-attestation", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgRevealAttestation{
				Account: g.self(), LeaseId: g.id("lease_id"),
				Verdict: computetypes.Verdict(g.enum(int32(computetypes.VERDICT_VALID))), ObservedHash: g.str(fuzzOutputHash), Salt: fuzzSalt,
			})
		}},
		{"compute/end-lease", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgEndLease{Consumer: g.self(), LeaseId: g.id("lease_id")})
		}},
		{"compute/decline-lease", func(g *gen) []sdk.Msg {
			return one(&computetypes.MsgDeclineLease{Account: g.self(), LeaseId: g.id("lease_id"), Reason: g.str("run: no container runtime")})
		}},

		// x/reputation
		{"reputation/update-params", direct(genReputationParams)},
		{"reputation/rate", func(g *gen) []sdk.Msg {
			lease := g.w.last("lease_id")
			return one(&reputationtypes.MsgRate{
				Rater: g.self(), DealRef: g.str(fmt.Sprintf("compute/%d", lease)), Score: g.u32(5), CommentUri: g.str(""),
			})
		}},

		// cosmos-sdk messages that move funds and the validator set
		{"bank/send", func(g *gen) []sdk.Msg {
			return one(&banktypes.MsgSend{FromAddress: g.self(), ToAddress: g.addr(g.w.base.accounts[0].addr.String()), Amount: g.coins(daotypes.AITBC(10))})
		}},
		{"staking/delegate", func(g *gen) []sdk.Msg {
			return one(&stakingtypes.MsgDelegate{DelegatorAddress: g.self(), ValidatorAddress: g.valoper(g.ownValoper()), Amount: g.coin(daotypes.AITBC(10))})
		}},
		{"staking/undelegate", func(g *gen) []sdk.Msg {
			return one(&stakingtypes.MsgUndelegate{DelegatorAddress: g.self(), ValidatorAddress: g.valoper(g.ownValoper()), Amount: g.coin(daotypes.AITBC(10))})
		}},
		{"staking/redelegate", func(g *gen) []sdk.Msg {
			return one(&stakingtypes.MsgBeginRedelegate{
				DelegatorAddress: g.self(), ValidatorSrcAddress: g.valoper(g.ownValoper()),
				ValidatorDstAddress: g.valoper(g.w.base.accounts[fuzzUsers+1].valoper()), Amount: g.coin(daotypes.AITBC(10)),
			})
		}},
		{"staking/create-validator", func(g *gen) []sdk.Msg {
			signer, err := sdk.AccAddressFromBech32(g.signer)
			if err != nil {
				return nil
			}
			seed := g.byte()
			var pk = ed25519.GenPrivKeyFromSecret([]byte{'v', seed}).PubKey()
			rate := math.LegacyNewDecWithPrec(5, 2)
			m, err := stakingtypes.NewMsgCreateValidator(sdk.ValAddress(signer).String(), pk,
				g.coin(daotypes.AITBC(200)), stakingtypes.Description{Moniker: g.str("fuzz-validator")},
				stakingtypes.NewCommissionRates(g.dec(rate), g.dec(math.LegacyOneDec()), g.dec(rate)), g.amount(math.OneInt()))
			if err != nil {
				return nil
			}
			if g.flag(false) { // a key type the consensus params refuse
				pkAny, err := codectypes.NewAnyWithValue(secp256k1.GenPrivKeyFromSecret([]byte{seed}).PubKey())
				if err == nil {
					m.Pubkey = pkAny
				}
			}
			return one(m)
		}},
		{"slashing/unjail", func(g *gen) []sdk.Msg {
			return one(&slashingtypes.MsgUnjail{ValidatorAddr: g.valoper(g.ownValoper())})
		}},
		{"distribution/withdraw-rewards", func(g *gen) []sdk.Msg {
			return one(&distrtypes.MsgWithdrawDelegatorReward{DelegatorAddress: g.self(), ValidatorAddress: g.valoper(g.ownValoper())})
		}},
		// Several messages of the signer in one transaction, all or nothing.
		{"tx/multi", func(g *gen) []sdk.Msg {
			var msgs []sdk.Msg
			for range 1 + g.count(1, 3) {
				op := fuzzOps[g.pick(len(fuzzOps)-1)] // never nests tx/multi: it is last
				msgs = append(msgs, op.gen(g)...)
			}
			return msgs
		}},
	}
}

const fuzzOutputHash = "sha256:5f1e0c5b0a1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912"

// fuzzSalt is the salt of every fuzzed commitment: a reveal with the
// default verdict and hash opens it; a fuzzed one does not.
var fuzzSalt = bytes.Repeat([]byte{0x5a}, computetypes.CommitmentSaltSize)

func fuzzCommitment() []byte {
	c, err := computetypes.AttestationCommitment(computetypes.VERDICT_VALID, fuzzOutputHash, fuzzSalt)
	if err != nil {
		panic(err)
	}
	return c
}

// fuzzTypeURLs are the messages an agent policy may allow.
var fuzzTypeURLs = []string{
	sdk.MsgTypeURL(&banktypes.MsgSend{}), sdk.MsgTypeURL(&daotypes.MsgLock{}), sdk.MsgTypeURL(&daotypes.MsgVote{}),
	sdk.MsgTypeURL(&computetypes.MsgSubmitJob{}), sdk.MsgTypeURL(&agenttypes.MsgExec{}), sdk.MsgTypeURL(&reputationtypes.MsgRate{}),
	sdk.MsgTypeURL(&stakingtypes.MsgDelegate{}),
}

// authorityGen builds a message only the dao module account may sign.
type authorityGen func(g *gen, authority string) sdk.Msg

// direct sends an authority message signed by the account itself: it must
// be refused.
func direct(f authorityGen) func(g *gen) []sdk.Msg {
	return func(g *gen) []sdk.Msg { return one(f(g, g.self())) }
}

// authorityGens are what proposals carry (the first is the default).
var authorityGens = []authorityGen{
	genCommunitySpend, genDaoParams, genUpdateCommittee, genSetConstitution, genSourcedaoParams, genAdvanceStage,
	genSetCoreDevelopers, genRevokeDan, genApproveProject, genAgentParams, genComputeParams, genReputationParams,
}

func genSubmitProposal(g *gen) []sdk.Msg {
	m := &daotypes.MsgSubmitProposal{Proposer: g.self()}
	var msgs []sdk.Msg
	for range g.count(1, 6) {
		if g.depth > 0 || g.byte()%4 != 3 {
			msgs = append(msgs, authorityGens[g.pick(len(authorityGens))](g, g.addr(daoAddress)))
			continue
		}
		// any other message, signed by the dao
		sub := &gen{fieldReader: g.fieldReader, w: g.w, signer: daoAddress, depth: g.depth + 1}
		msgs = append(msgs, fuzzOps[g.pick(len(fuzzOps)-1)].gen(sub)...)
	}
	class := daotypes.ClassMajor
	for _, msg := range msgs {
		if _, ok := msg.(*daotypes.MsgSetConstitution); ok {
			class = daotypes.ClassConstitution
		}
	}
	switch g.byte() % 4 {
	case 2:
		class = g.str(class)
	case 3:
		classes := g.w.base.dao.Classes
		class = classes[g.pick(len(classes))].Name
	}
	m.Class = class
	m.Title, m.Summary, m.Metadata = g.str("fuzz proposal"), g.str("a proposal from the fuzzer"), g.str("")
	m.Messages = anys(msgs)
	m.VotingPeriod = g.duration(0)
	return one(m)
}

// inner reads the messages of a proposal or an exec, signed by signer.
func (g *gen) inner(signer string, def, max int) []*codectypes.Any {
	sub := &gen{fieldReader: g.fieldReader, w: g.w, signer: signer, depth: g.depth + 1}
	var msgs []sdk.Msg
	for range g.count(def, max) {
		if g.depth > 0 {
			break // no exec inside an exec inside a proposal
		}
		b := g.byte()
		if b == 0 { // the default: a small payment from the wallet
			msgs = append(msgs, &banktypes.MsgSend{FromAddress: signer, ToAddress: g.w.base.accounts[0].addr.String(), Amount: sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1))})
			continue
		}
		msgs = append(msgs, fuzzOps[int(b)%(len(fuzzOps)-1)].gen(sub)...)
	}
	return anys(msgs)
}

func anys(msgs []sdk.Msg) []*codectypes.Any {
	var out []*codectypes.Any
	for _, m := range msgs {
		a, err := codectypes.NewAnyWithValue(m)
		if err == nil {
			out = append(out, a)
		}
	}
	return out
}

func genCommunitySpend(g *gen, authority string) sdk.Msg {
	return &daotypes.MsgCommunitySpend{Authority: authority, Recipient: g.addr(g.w.base.accounts[0].addr.String()), Amount: g.coins(daotypes.AITBC(1))}
}

func genUpdateCommittee(g *gen, authority string) sdk.Msg {
	m := &daotypes.MsgUpdateCommittee{Authority: authority}
	accounts := g.w.base.accounts
	for range g.count(1, 4) {
		m.Remove = append(m.Remove, g.addr(accounts[2].addr.String()))
	}
	for range g.count(1, 4) {
		m.Add = append(m.Add, g.addr(accounts[3].addr.String()))
	}
	for range g.count(1, 5) {
		m.Alternates = append(m.Alternates, g.addr(accounts[fuzzUsers].addr.String()))
	}
	return m
}

func genSetConstitution(g *gen, authority string) sdk.Msg {
	return &daotypes.MsgSetConstitution{Authority: authority, Constitution: g.str("Be excellent to each other.\n")}
}

func genDaoParams(g *gen, authority string) sdk.Msg {
	p := g.w.base.dao
	p.Classes = append([]daotypes.ProposalClass(nil), p.Classes...)
	p.MessageClasses = append([]daotypes.MessageClass(nil), p.MessageClasses...)
	p.GroupShares = append([]daotypes.GroupShare(nil), p.GroupShares...)
	for range g.count(1, 4) {
		c := &p.Classes[g.pick(len(p.Classes))]
		switch g.pick(16) {
		case 0:
			p.UnlockPeriod = g.duration(p.UnlockPeriod)
		case 1:
			p.TwasWindow = g.duration(p.TwasWindow)
		case 2:
			p.MaxPowerFraction = g.dec(p.MaxPowerFraction)
		case 3:
			p.MaxUnlocksPerBlock = g.u32(1)
		case 4:
			p.MaxProposalsPerBlock = g.u32(1)
		case 5:
			c.MinVotingPeriod, c.DefaultVotingPeriod, c.MaxVotingPeriod = g.duration(c.MinVotingPeriod), g.duration(c.DefaultVotingPeriod), g.duration(c.MaxVotingPeriod)
		case 6:
			c.Quorum, c.Threshold, c.VetoThreshold = g.dec(c.Quorum), g.dec(c.Threshold), g.dec(c.VetoThreshold)
		case 7:
			c.Bond = g.coin(c.Bond.Amount)
		case 8:
			p.ChallengeBond = g.coin(p.ChallengeBond.Amount)
		case 9:
			p.MessageClasses = append(p.MessageClasses, daotypes.MessageClass{TypeUrl: g.str(sdk.MsgTypeURL(&banktypes.MsgSend{})), Class: g.str(daotypes.ClassMajor)})
		case 10:
			p.DefaultMessageClass = g.str(daotypes.ClassRoutine)
		case 11:
			p.MaxMessages = g.u32(1)
		case 12:
			p.ElectorateGroupsEnabled = g.flag(true)
		case 13:
			c.Name = g.str(c.Name + "2")
		case 14:
			c.ChallengePeriod, c.ExecutionDelay = g.duration(c.ChallengePeriod), g.duration(c.ExecutionDelay)
		case 15:
			c.MinProposerPower, c.CouncilApprovals = g.amount(c.MinProposerPower), g.u32(c.CouncilApprovals)
		}
	}
	return &daotypes.MsgUpdateParams{Authority: authority, Params: p}
}

func genSourcedaoParams(g *gen, authority string) sdk.Msg {
	p := sourcedaotypes.DefaultParams()
	for range g.count(1, 4) {
		switch g.pick(9) {
		case 0:
			p.Denom = g.str("uatom")
		case 1:
			s := &p.Stages[g.pick(len(p.Stages))]
			s.Name, s.Share = g.str(s.Name), g.dec(s.Share)
		case 2:
			p.MaxBudgetFraction = g.dec(p.MaxBudgetFraction)
		case 3:
			p.ImportantBudgetThreshold = g.amount(p.ImportantBudgetThreshold)
		case 4:
			p.DanThreshold = g.u64(p.DanThreshold)
		case 5:
			p.MaxContributions, p.MaxClaimProjects = g.u32(1), g.u32(1)
		case 6:
			p.MaxCoreDevelopers = g.u32(1)
		case 7:
			p.MaxNameLength, p.MaxUriLength = g.u32(1), g.u32(1)
		case 8:
			p.Stages = append(p.Stages, sourcedaotypes.Stage{Name: g.str("Beyond"), Share: g.dec(math.LegacyOneDec())})
		}
	}
	return &sourcedaotypes.MsgUpdateParams{Authority: authority, Params: p}
}

func genAdvanceStage(_ *gen, authority string) sdk.Msg {
	return &sourcedaotypes.MsgAdvanceStage{Authority: authority}
}

func genSetCoreDevelopers(g *gen, authority string) sdk.Msg {
	m := &sourcedaotypes.MsgSetCoreDevelopers{Authority: authority}
	for i := range g.count(2, 40) {
		m.Developers = append(m.Developers, g.addr(g.w.base.accounts[i%len(g.w.base.accounts)].addr.String()))
	}
	return m
}

func genRevokeDan(g *gen, authority string) sdk.Msg {
	return &sourcedaotypes.MsgRevokeDan{Authority: authority, Address: g.addr(g.w.base.accounts[1].addr.String())}
}

// genApproveProject approves the latest project in the phase and with the
// digest the chain last announced for it.
func genApproveProject(g *gen, authority string) sdk.Msg {
	id := g.id("project_id")
	d := g.w.digests[id]
	phase := sourcedaotypes.APPROVAL_PHASE_CREATION
	if d.acceptance {
		phase = sourcedaotypes.APPROVAL_PHASE_ACCEPTANCE
	}
	return &sourcedaotypes.MsgApproveProject{
		Authority: authority, ProjectId: id, Phase: sourcedaotypes.ApprovalPhase(g.enum(int32(phase))),
		Approve: g.flag(true), Digest: g.str(d.digest),
	}
}

func genAgentParams(g *gen, authority string) sdk.Msg {
	p := agenttypes.DefaultParams()
	for range g.count(1, 4) {
		switch g.pick(6) {
		case 0:
			p.RegistrationFee = g.coins(daotypes.AITBC(10))
		case 1:
			p.MaxNameLength, p.MaxEndpointLength = g.u32(1), g.u32(1)
		case 2:
			p.MaxUriLength = g.u32(1)
		case 3:
			p.MaxCapabilities, p.MaxCapabilityLength = g.u32(1), g.u32(1)
		case 4:
			p.MaxExecMessages = g.u32(1)
		case 5:
			p.MaxPolicyEntries = g.u32(1)
		}
	}
	return &agenttypes.MsgUpdateParams{Authority: authority, Params: p}
}

func genComputeParams(g *gen, authority string) sdk.Msg {
	p := computetypes.DefaultParams()
	for range g.count(1, 4) {
		switch g.pick(16) {
		case 0:
			p.MinBond = g.coin(p.MinBond.Amount)
		case 1:
			p.BondUnbondingPeriod = g.duration(p.BondUnbondingPeriod)
		case 2:
			p.MaxOffersPerProvider, p.MaxGpuKinds, p.MaxAttributes = g.u32(1), g.u32(1), g.u32(1)
		case 3:
			p.MaxTextLength = g.u32(1)
		case 4:
			p.MinHours, p.MaxHours = g.u32(p.MinHours), g.u32(p.MaxHours)
		case 5:
			p.MaxMatchesPerBlock, p.MaxOffersPerMatch = g.u32(1), g.u32(1)
		case 6:
			p.ResultGracePeriod, p.AttestationPeriod = g.duration(p.ResultGracePeriod), g.duration(p.AttestationPeriod)
			p.CommitPeriod = g.duration(p.CommitPeriod)
		case 7:
			p.CommitteeSize = g.u32(1)
		case 8:
			p.TakeRate = g.dec(p.TakeRate)
		case 9:
			p.VerifierShare = g.dec(p.VerifierShare)
		case 10:
			p.SlashFraction = g.dec(p.SlashFraction)
			p.MinRevealedPowerFraction = g.dec(p.MinRevealedPowerFraction)
		case 11:
			p.MaxLeaseDeadlinesPerBlock = g.u32(1)
		case 12:
			p.MaxJobExpiriesPerBlock = g.u32(1)
		case 13:
			p.MaxBondPayoutsPerBlock = g.u32(1)
		case 14:
			p.MaxJobDuration = g.duration(p.MaxJobDuration)
		case 15:
			p.MinBond.Denom = g.str("uatom")
		}
	}
	return &computetypes.MsgUpdateParams{Authority: authority, Params: p}
}

func genReputationParams(g *gen, authority string) sdk.Msg {
	p := reputationtypes.DefaultParams()
	p.HalfLife = g.duration(p.HalfLife)
	p.FeedbackWeight = g.dec(p.FeedbackWeight)
	p.MaxCommentUriLength = g.u32(p.MaxCommentUriLength)
	return &reputationtypes.MsgUpdateParams{Authority: authority, Params: p}
}

// self is the address of the message's signer field: the signer, or
// (rarely) another address, which the ante handler must refuse.
func (g *gen) self() string {
	if g.byte()%16 != 15 {
		return g.signer
	}
	v := g.addr(g.signer)
	if v != g.signer && g.forged != nil {
		*g.forged = true
	}
	return v
}

// addr reads an address field: the default, one of the accounts, an agent
// wallet, a module account, a validator operator address in the wrong
// place, an address nobody holds, or a hostile string.
func (g *gen) addr(def string) string {
	accounts := g.w.base.accounts
	switch g.byte() % 8 {
	case 2:
		return accounts[g.pick(len(accounts))].addr.String()
	case 3:
		if n := len(g.w.walletList); n > 0 {
			return g.w.walletList[g.pick(n)]
		}
		return def
	case 4:
		return authtypes.NewModuleAddress(fuzzModuleAccounts[g.pick(len(fuzzModuleAccounts))]).String()
	case 5:
		return hostile.Strings[g.pick(len(hostile.Strings))]
	case 6:
		return accounts[g.pick(len(accounts))].valoper()
	case 7:
		return sdk.AccAddress(secp256k1.GenPrivKeyFromSecret([]byte{'x', g.byte()}).PubKey().Address()).String()
	default:
		return def
	}
}

// valoper reads a validator operator address field.
func (g *gen) valoper(def string) string {
	accounts := g.w.base.accounts
	switch g.byte() % 6 {
	case 2:
		return accounts[fuzzUsers+g.pick(fuzzValidators)].valoper()
	case 3:
		return accounts[g.pick(len(accounts))].valoper() // maybe not a validator
	case 4:
		return accounts[g.pick(len(accounts))].addr.String() // an account address
	case 5:
		return hostile.Strings[g.pick(len(hostile.Strings))]
	default:
		return def
	}
}

// ownValoper is the signer's own validator when it is one, else the first.
func (g *gen) ownValoper() string {
	if addr, err := sdk.AccAddressFromBech32(g.signer); err == nil {
		for _, acc := range g.w.base.accounts {
			if acc.cons != nil && acc.addr.Equals(addr) {
				return acc.valoper()
			}
		}
	}
	return g.w.base.accounts[fuzzUsers].valoper()
}

// id reads an id: the latest the chain announced, any announced one, 0,
// max uint64 or a small number.
func (g *gen) id(kind string) uint64 {
	known := g.w.ids[kind]
	switch g.byte() % 6 {
	case 2:
		if len(known) > 0 {
			return known[g.pick(len(known))]
		}
		return 1
	case 3:
		return 0
	case 4:
		return ^uint64(0)
	case 5:
		return uint64(g.byte())
	default:
		return g.w.last(kind)
	}
}

// enum reads an enum value: the default, or any value, undefined ones too.
func (g *gen) enum(def int32) int32 {
	switch g.byte() % 4 {
	case 2:
		return int32(g.byte() % 8)
	case 3:
		return -1 - int32(g.byte())
	default:
		return def
	}
}

// denom reads a denom: ours, another valid one, or a hostile string.
func (g *gen) denom() string {
	switch g.byte() % 8 {
	case 5:
		return "uatom"
	case 6:
		return "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"
	case 7:
		return hostile.Strings[g.pick(len(hostile.Strings))]
	default:
		return app.BondDenom
	}
}

func (g *gen) coin(def math.Int) sdk.Coin {
	return sdk.Coin{Denom: g.denom(), Amount: g.amount(def)}
}

// coins reads a coin list, unsorted or duplicated ones included.
func (g *gen) coins(def math.Int) sdk.Coins {
	var out sdk.Coins
	for range g.count(1, 5) {
		out = append(out, g.coin(def))
	}
	return out
}

// strs reads a string list whose default is n copies of valid.
func (g *gen) strs(valid string, def, max int) []string {
	var out []string
	for i := range g.count(def, max) {
		v := valid
		if i > 0 && valid != "" {
			v = fmt.Sprintf("%s-%d", valid, i)
		}
		out = append(out, g.str(v))
	}
	return out
}

func (g *gen) gpu() computetypes.Gpu {
	return computetypes.Gpu{Model: g.str("H100"), VramMib: g.u32(81_920), Count: g.u32(8)}
}

func (g *gen) gpus() []computetypes.Gpu {
	var out []computetypes.Gpu
	for range g.count(1, 20) {
		out = append(out, g.gpu())
	}
	return out
}

func (g *gen) attributes() []computetypes.Attribute {
	var out []computetypes.Attribute
	for range g.count(1, 20) {
		out = append(out, computetypes.Attribute{Key: g.str("tier"), Value: g.str("datacenter")})
	}
	return out
}
