package network_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/aitbc/aitbc/testutil/network"
	computetypes "github.com/aitbc/aitbc/x/compute/types"
	daotypes "github.com/aitbc/aitbc/x/dao/types"
)

// The market of the compute network test. Validator i offers 4 H100 at
// (2+i) AITBC per GPU-hour, so validator 0 is the cheapest; the consumer, an
// account funded at genesis that runs no validator, asks for 2 GPUs for 4
// hours at 5 AITBC at most.
const (
	computeBond       = 1_000_000_000 // min_bond, 1,000 AITBC
	computeJobCount   = 2
	computeJobHours   = 4
	computeJobMax     = 5_000_000 // max price per GPU-hour
	computeLeasePrice = 2_000_000 // validator 0's price
	// computeGpuSeconds is what the provider reports for the settled lease:
	// not a multiple of 3600 / 20 / 3, so every floor in the settlement
	// counts.
	computeGpuSeconds = 10_001
)

// computeNet is a running 4-validator network with a funded consumer key.
type computeNet struct {
	net      *network.Network
	consumer *network.Validator // a key, not a validator: only Moniker, Address and the keyring are set
	q        computetypes.QueryClient
	bankQ    banktypes.QueryClient
}

// newComputeNet starts 4 validators, each with 10,000 AITBC (100 staked,
// so all have equal power), and a consumer account with 10,000 AITBC whose
// key lives in an in-memory keyring.
func newComputeNet(t *testing.T) *computeNet {
	t.Helper()
	cfg := network.DefaultConfig(4)
	cfg.TimeoutCommit = blockTime
	cfg.StakingTokens = daotypes.AITBC(10_000)

	kr := keyring.NewInMemory(cfg.Codec)
	rec, _, err := kr.NewMnemonic("consumer", keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	require.NoError(t, err)
	consumerAddr, err := rec.GetAddress()
	require.NoError(t, err)

	// The consumer's account and balance go into genesis next to the
	// validators' (network.New appends those to what is there).
	var authGen authtypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[authtypes.ModuleName], &authGen)
	accs, err := authtypes.PackAccounts(authtypes.GenesisAccounts{authtypes.NewBaseAccount(consumerAddr, nil, 0, 0)})
	require.NoError(t, err)
	authGen.Accounts = append(authGen.Accounts, accs...)
	network.SetGenesisState(t, &cfg, authtypes.ModuleName, &authGen)
	var bankGen banktypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[banktypes.ModuleName], &bankGen)
	bankGen.Balances = append(bankGen.Balances, banktypes.Balance{
		Address: consumerAddr.String(), Coins: sdk.NewCoins(sdk.NewCoin(denom, daotypes.AITBC(10_000))),
	})
	network.SetGenesisState(t, &cfg, banktypes.ModuleName, &bankGen)

	net := network.New(t, cfg)
	cctx := rpcCtx(net)
	return &computeNet{
		net:      net,
		consumer: &network.Validator{Moniker: "consumer", Address: consumerAddr, ClientCtx: cctx.WithKeyring(kr)},
		q:        computetypes.NewQueryClient(cctx),
		bankQ:    banktypes.NewQueryClient(cctx),
	}
}

func (c *computeNet) balance(t *testing.T, addr sdk.AccAddress) math.Int {
	t.Helper()
	res, err := c.bankQ.Balance(context.Background(), &banktypes.QueryBalanceRequest{Address: addr.String(), Denom: denom})
	require.NoError(t, err)
	return res.Balance.Amount
}

func (c *computeNet) lease(t *testing.T, id uint64) *computetypes.QueryLeaseResponse {
	t.Helper()
	res, err := c.q.Lease(context.Background(), &computetypes.QueryLeaseRequest{LeaseId: id})
	require.NoError(t, err)
	return res
}

func (c *computeNet) provider(t *testing.T, val *network.Validator) computetypes.Provider {
	t.Helper()
	res, err := c.q.Provider(context.Background(), &computetypes.QueryProviderRequest{Operator: val.ValAddress.String()})
	require.NoError(t, err)
	return res.Provider
}

// validatorOf returns the network validator with the operator address.
func (c *computeNet) validatorOf(t *testing.T, operator string) *network.Validator {
	t.Helper()
	for _, v := range c.net.Validators {
		if v.ValAddress.String() == operator {
			return v
		}
	}
	t.Fatalf("no validator %s in the network", operator)
	return nil
}

// sendAll broadcasts one tx per signer, all before waiting, so they land
// in the same block or the next, and returns their results in order.
func (c *computeNet) sendAll(t *testing.T, txs []signedMsg) []*sdk.TxResponse {
	t.Helper()
	hashes := make([]string, len(txs))
	for i, tx := range txs {
		res := broadcastTx(t, c.net, tx.signer, tx.msg)
		requireTxOK(t, res) // CheckTx runs no messages
		hashes[i] = res.TxHash
	}
	out := make([]*sdk.TxResponse, len(txs))
	for i, h := range hashes {
		out[i] = waitForTx(t, c.net, h)
	}
	return out
}

type signedMsg struct {
	signer *network.Validator
	msg    sdk.Msg
}

// submitJob submits the standard job and waits until EndBlock leased it;
// it returns the lease. The match runs in the EndBlock of the job's block.
func (c *computeNet) submitJob(t *testing.T) computetypes.Lease {
	t.Helper()
	res := mustSendTx(t, c.net, c.consumer, &computetypes.MsgSubmitJob{
		Consumer:           c.consumer.Address.String(),
		Requirements:       computetypes.Requirements{Model: "H100", Count: computeJobCount, Hours: computeJobHours},
		MaxPricePerGpuHour: sdk.NewInt64Coin(denom, computeJobMax),
		Workload:           computetypes.Workload{Image: "ghcr.io/acme/train:1", Args: []string{"--epochs", "3"}},
		InputUri:           "ipfs://input",
		InputHash:          "sha256:input",
		Deadline:           time.Now().Add(time.Hour).UTC(),
	})
	var out computetypes.MsgSubmitJobResponse
	msgResponse(t, c.net, res, 0, &out)
	var job computetypes.Job
	waitUntil(t, 10*time.Second, func() (bool, string) {
		j, err := c.q.Job(context.Background(), &computetypes.QueryJobRequest{JobId: out.JobId})
		require.NoError(t, err)
		job = j.Job
		return job.Status == computetypes.JOB_STATUS_LEASED, fmt.Sprintf("job %d is %s", job.Id, job.Status)
	})
	require.True(t, job.Escrow.IsZero(), "the lease holds the escrow now: %s", job.Escrow)
	return c.lease(t, job.LeaseId).Lease
}

// TestComputeMarketOnFourValidators runs the GPU market on a 4-validator
// network with real transactions. All four validators register as
// providers and offer H100s at distinct prices; a consumer's job is leased
// to the cheapest offer (validator 0's) with the difference refunded; the
// provider's result is attested valid by a committee of the other three
// validators and settles with exact payments to the provider, the
// attesters, the dao treasury and the consumer. A second lease gets a
// wrong result, which the committee finds invalid: the consumer is
// refunded in full and 5 % of the provider's bond goes to the treasury.
// Attestations by non-members and late ones fail with the module's codes.
func TestComputeMarketOnFourValidators(t *testing.T) {
	if testing.Short() {
		t.Skip("in-process network")
	}
	start := time.Now()
	c := newComputeNet(t)
	t.Logf("4 validators up after %s", time.Since(start).Round(time.Millisecond))
	ctx := context.Background()
	vals := c.net.Validators
	provider := vals[0]
	treasury := authtypes.NewModuleAddress(computetypes.TreasuryName)
	bonds := authtypes.NewModuleAddress(computetypes.BondsName)
	escrow := authtypes.NewModuleAddress(computetypes.EscrowName)

	params, err := c.q.Params(ctx, &computetypes.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, computetypes.DefaultParams(), params.Params, "the test's numbers assume the default params")

	// 1. Every validator registers and offers 4 of its 8 H100s, validator i
	// at (2+i) AITBC per GPU-hour, all in one block each.
	before := map[*network.Validator]math.Int{}
	var txs []signedMsg
	for _, v := range vals {
		before[v] = c.balance(t, v.Address)
		txs = append(txs, signedMsg{v, &computetypes.MsgRegisterProvider{
			Account: v.Address.String(), Endpoint: "https://" + v.Moniker + ".gpu.example", Region: "eu",
			Gpus: []computetypes.Gpu{{Model: "H100", VramMib: 81920, Count: 8}}, Bond: sdk.NewInt64Coin(denom, computeBond),
		}})
	}
	for i, res := range c.sendAll(t, txs) {
		requireTxOK(t, res)
		var out computetypes.MsgRegisterProviderResponse
		msgResponse(t, c.net, res, 0, &out)
		require.Equal(t, vals[i].ValAddress.String(), out.Operator)
		require.True(t, c.balance(t, vals[i].Address).Equal(before[vals[i]].SubRaw(computeBond)), "%s bonded", vals[i].Moniker)
	}
	require.True(t, c.balance(t, bonds).Equal(math.NewInt(4*computeBond)), "compute_bonds holds the 4 bonds")
	txs = txs[:0]
	for i, v := range vals {
		txs = append(txs, signedMsg{v, &computetypes.MsgCreateOffer{
			Account: v.Address.String(), Gpu: computetypes.Gpu{Model: "H100", VramMib: 81920, Count: 4},
			PricePerGpuHour: sdk.NewInt64Coin(denom, computeLeasePrice+int64(i)*1_000_000), MinHours: 1, MaxHours: 72,
		}})
	}
	offerOf := map[string]uint64{} // operator -> offer id
	for i, res := range c.sendAll(t, txs) {
		requireTxOK(t, res)
		var out computetypes.MsgCreateOfferResponse
		msgResponse(t, c.net, res, 0, &out)
		offerOf[vals[i].ValAddress.String()] = out.OfferId
	}
	offers, err := c.q.Offers(ctx, &computetypes.QueryOffersRequest{Model: "H100"})
	require.NoError(t, err)
	require.Len(t, offers.Offers, 4)
	for i, o := range offers.Offers {
		require.Equal(t, vals[i].ValAddress.String(), o.Provider, "cheapest first")
		require.Equal(t, int64(computeLeasePrice+i*1_000_000), o.PricePerGpuHour.Amount.Int64())
	}

	// 2. The consumer's job goes to validator 0's offer, the cheapest; the
	// max price over the lease price is refunded in the same block.
	consumer0 := c.balance(t, c.consumer.Address)
	lease := c.submitJob(t)
	const leaseEscrow = computeLeasePrice * computeJobCount * computeJobHours // 16 AITBC
	require.Equal(t, offerOf[provider.ValAddress.String()], lease.OfferId)
	require.Equal(t, provider.ValAddress.String(), lease.Provider)
	require.Equal(t, c.consumer.Address.String(), lease.Consumer)
	require.Equal(t, computetypes.LEASE_STATUS_ACTIVE, lease.Status)
	require.Equal(t, sdk.NewInt64Coin(denom, computeLeasePrice), lease.PricePerGpuHour)
	require.Equal(t, sdk.NewInt64Coin(denom, leaseEscrow), lease.Escrow)
	require.Equal(t, lease.Created.Add(computeJobHours*time.Hour+params.Params.ResultGracePeriod), lease.Deadline)
	require.True(t, c.balance(t, c.consumer.Address).Equal(consumer0.SubRaw(leaseEscrow)),
		"escrowed 5 x 2 x 4 = 40 AITBC, refunded (5-2) x 2 x 4 = 24 at the match: %s -> %s", consumer0, c.balance(t, c.consumer.Address))
	require.True(t, c.balance(t, escrow).Equal(math.NewInt(leaseEscrow)), "compute_escrow holds the lease's escrow")
	byProvider, err := c.q.Leases(ctx, &computetypes.QueryLeasesRequest{Provider: provider.ValAddress.String(), Status: computetypes.LEASE_STATUS_ACTIVE})
	require.NoError(t, err)
	require.Len(t, byProvider.Leases, 1)
	require.Equal(t, lease.Id, byProvider.Leases[0].Id)

	// 3. The provider reports 10,001 GPU-seconds; the committee is the
	// other three validators, each with its power.
	res := mustSendTx(t, c.net, provider, &computetypes.MsgSubmitResult{
		Account: provider.Address.String(), LeaseId: lease.Id, OutputHash: "sha256:out", OutputUri: "ipfs://out", GpuSecondsUsed: computeGpuSeconds,
	})
	var resultOut computetypes.MsgSubmitResultResponse
	msgResponse(t, c.net, res, 0, &resultOut)
	got := c.lease(t, lease.Id)
	require.Equal(t, computetypes.LEASE_STATUS_ATTESTING, got.Lease.Status)
	require.Equal(t, resultOut.Committee, got.Lease.Committee, "the tx's committee is the stored one")
	require.Len(t, got.Lease.Committee, 3, "committee_size 3 of the 3 validators that are not the provider")
	committee := map[string]int64{}
	var committeePower int64
	for _, m := range got.Lease.Committee {
		require.NotEqual(t, provider.ValAddress.String(), m.Validator, "the provider does not attest its own result")
		require.Equal(t, int64(100), m.Power, "100 AITBC staked each")
		committee[m.Validator] = m.Power
		committeePower += m.Power
	}
	require.Len(t, committee, 3, "three distinct members")
	require.Empty(t, got.Attestations)

	// A non-member's attestation fails in DeliverTx with the module's code:
	// the provider and the consumer are not on the committee.
	for _, who := range []*network.Validator{provider, c.consumer} {
		commit, _ := attestation(t, who, lease.Id, computetypes.VERDICT_VALID, "sha256:out")
		res := sendTx(t, c.net, who, commit)
		requireTxError(t, res, computetypes.ModuleName, computetypes.ErrNotCommitteeMember.ABCICode())
		require.Contains(t, res.RawLog, "not on the lease's committee")
	}

	// 4. The three members commit to valid with the result's hash, in one
	// block: the last commit starts the reveal phase. Then they reveal, in
	// one block; the last reveal decides and settles the lease.
	consumer1, provider1, treasury1 := c.balance(t, c.consumer.Address), c.balance(t, provider.Address), c.balance(t, treasury)
	memberBefore := map[string]math.Int{}
	var commits, reveals []signedMsg
	for _, m := range got.Lease.Committee {
		v := c.validatorOf(t, m.Validator)
		memberBefore[m.Validator] = c.balance(t, v.Address)
		commit, reveal := attestation(t, v, lease.Id, computetypes.VERDICT_VALID, "sha256:out")
		commits, reveals = append(commits, signedMsg{v, commit}), append(reveals, signedMsg{v, reveal})
	}
	phases := map[computetypes.AttestationPhase]int{}
	for _, res := range c.sendAll(t, commits) {
		requireTxOK(t, res)
		var out computetypes.MsgCommitAttestationResponse
		msgResponse(t, c.net, res, 0, &out)
		phases[out.Phase]++
	}
	require.Equal(t, map[computetypes.AttestationPhase]int{computetypes.ATTESTATION_PHASE_COMMIT: 2, computetypes.ATTESTATION_PHASE_REVEAL: 1}, phases,
		"the last commit starts the reveal phase")
	settledBy := 0
	for _, res := range c.sendAll(t, reveals) {
		requireTxOK(t, res)
		var out computetypes.MsgRevealAttestationResponse
		msgResponse(t, c.net, res, 0, &out)
		if out.Status == computetypes.LEASE_STATUS_SETTLED {
			settledBy++
			require.Len(t, computeEvents(res, "aitbc.compute.v1.EventLeaseSettled"), 1, "the settling reveal emits the settlement")
		} else {
			require.Equal(t, computetypes.LEASE_STATUS_ATTESTING, out.Status, "decided once every member who committed revealed")
		}
	}
	require.Equal(t, 1, settledBy, "exactly one reveal settles the lease")

	// cost = floor(2,000,000 x 10,001 / 3,600) = 5,556,111; take =
	// floor(5 % of it) = 277,805; verifier reward = floor(20 % of the take)
	// = 55,561, split by power (floor each): 18,520 x 3 = 55,560 paid; the
	// treasury gets the take less what was paid, 222,245; the provider
	// 5,556,111 - 277,805 = 5,278,306; the consumer the unused 10,443,889.
	const (
		cost   = computeLeasePrice * computeGpuSeconds / 3600
		take   = cost * 5 / 100
		reward = take * 20 / 100
	)
	require.Equal(t, int64(5_556_111), int64(cost))
	require.Equal(t, int64(277_805), int64(take))
	require.Equal(t, int64(55_561), int64(reward))
	var paid int64
	for v, power := range committee {
		share := reward * power / committeePower
		paid += share
		require.Equal(t, int64(18_520), share)
		val := c.validatorOf(t, v)
		require.True(t, c.balance(t, val.Address).Equal(memberBefore[v].AddRaw(share)), "%s earns %d", val.Moniker, share)
	}
	got = c.lease(t, lease.Id)
	require.Equal(t, computetypes.LEASE_STATUS_SETTLED, got.Lease.Status)
	require.Equal(t, computetypes.Settlement{
		ProviderPayment: sdk.NewInt64Coin(denom, cost-take), Fee: sdk.NewInt64Coin(denom, take-paid),
		VerifierReward: sdk.NewInt64Coin(denom, paid), Refund: sdk.NewInt64Coin(denom, leaseEscrow-cost), Slashed: sdk.NewInt64Coin(denom, 0),
	}, *got.Lease.Settlement)
	require.Equal(t, computetypes.Settlement{
		ProviderPayment: sdk.NewInt64Coin(denom, 5_278_306), Fee: sdk.NewInt64Coin(denom, 222_245),
		VerifierReward: sdk.NewInt64Coin(denom, 55_560), Refund: sdk.NewInt64Coin(denom, 10_443_889), Slashed: sdk.NewInt64Coin(denom, 0),
	}, *got.Lease.Settlement)
	require.Len(t, got.Attestations, 3)
	for _, a := range got.Attestations {
		require.Equal(t, computetypes.VERDICT_VALID, a.Verdict)
		require.Contains(t, committee, a.Validator)
	}
	require.True(t, c.balance(t, c.consumer.Address).Equal(consumer1.AddRaw(leaseEscrow-cost)), "consumer refunded the unused escrow")
	require.True(t, c.balance(t, provider.Address).Equal(provider1.AddRaw(cost-take)), "provider paid the cost less the take")
	require.True(t, c.balance(t, treasury).Equal(treasury1.AddRaw(take-paid)), "treasury gets the take less the rewards paid")
	require.True(t, c.balance(t, escrow).IsZero(), "compute_escrow is empty")
	require.True(t, c.balance(t, c.consumer.Address).Equal(consumer0.SubRaw(cost)), "all in all the consumer paid the cost")
	escrowRes, err := c.q.Escrow(ctx, &computetypes.QueryEscrowRequest{})
	require.NoError(t, err)
	require.True(t, escrowRes.Escrowed.IsZero())
	require.True(t, escrowRes.Bonds.Amount.Equal(math.NewInt(4*computeBond)))

	// A late attestation or a second result on a settled lease fail.
	requireTxError(t, sendTx(t, c.net, provider, &computetypes.MsgSubmitResult{
		Account: provider.Address.String(), LeaseId: lease.Id, OutputHash: "sha256:again", GpuSecondsUsed: 1,
	}), computetypes.ModuleName, computetypes.ErrLeaseNotActive.ABCICode())

	// 5. A second job goes to validator 0 again (its GPUs are free again);
	// its result has a wrong hash. One member says invalid, another
	// "valid" with the hash it computed, which is not the result's, the
	// third agrees with the result: 2 of 3 revealed against, so the lease
	// is invalid.
	consumer2 := c.balance(t, c.consumer.Address)
	lease2 := c.submitJob(t)
	require.Equal(t, provider.ValAddress.String(), lease2.Provider)
	require.Equal(t, lease.OfferId, lease2.OfferId)
	require.True(t, c.balance(t, c.consumer.Address).Equal(consumer2.SubRaw(leaseEscrow)))
	mustSendTx(t, c.net, provider, &computetypes.MsgSubmitResult{
		Account: provider.Address.String(), LeaseId: lease2.Id, OutputHash: "sha256:wrong", GpuSecondsUsed: computeGpuSeconds,
	})
	got = c.lease(t, lease2.Id)
	require.Equal(t, computetypes.LEASE_STATUS_ATTESTING, got.Lease.Status)
	require.Len(t, got.Lease.Committee, 3)
	var voters []*network.Validator
	for _, m := range got.Lease.Committee {
		voters = append(voters, c.validatorOf(t, m.Validator))
	}
	consumer3, provider3, treasury3 := c.balance(t, c.consumer.Address), c.balance(t, provider.Address), c.balance(t, treasury)
	bond3 := c.provider(t, provider).Bond.Amount
	voterBefore := []math.Int{c.balance(t, voters[0].Address), c.balance(t, voters[1].Address), c.balance(t, voters[2].Address)}
	commits, reveals = nil, nil
	for i, vt := range []struct {
		v    computetypes.Verdict
		hash string
	}{{computetypes.VERDICT_INVALID, ""}, {computetypes.VERDICT_VALID, "sha256:right"}, {computetypes.VERDICT_VALID, "sha256:wrong"}} {
		commit, reveal := attestation(t, voters[i], lease2.Id, vt.v, vt.hash)
		commits, reveals = append(commits, signedMsg{voters[i], commit}), append(reveals, signedMsg{voters[i], reveal})
	}
	for _, res := range c.sendAll(t, commits) {
		requireTxOK(t, res)
	}
	statuses := map[computetypes.LeaseStatus]int{}
	for _, res := range c.sendAll(t, reveals) {
		requireTxOK(t, res)
		var out computetypes.MsgRevealAttestationResponse
		msgResponse(t, c.net, res, 0, &out)
		statuses[out.Status]++
	}
	require.Equal(t, map[computetypes.LeaseStatus]int{computetypes.LEASE_STATUS_ATTESTING: 2, computetypes.LEASE_STATUS_INVALID: 1}, statuses)

	slash := bond3.QuoRaw(20) // 5 %: 50 AITBC
	require.True(t, slash.Equal(math.NewInt(50_000_000)))
	got = c.lease(t, lease2.Id)
	require.Equal(t, computetypes.LEASE_STATUS_INVALID, got.Lease.Status)
	require.Equal(t, computetypes.Settlement{
		ProviderPayment: sdk.NewInt64Coin(denom, 0), Fee: sdk.NewInt64Coin(denom, 0), VerifierReward: sdk.NewInt64Coin(denom, 0),
		Refund: sdk.NewInt64Coin(denom, leaseEscrow), Slashed: sdk.NewCoin(denom, slash),
	}, *got.Lease.Settlement)
	require.True(t, c.balance(t, c.consumer.Address).Equal(consumer3.AddRaw(leaseEscrow)), "the whole lease escrow back")
	require.True(t, c.balance(t, c.consumer.Address).Equal(consumer2), "the invalid lease cost the consumer nothing")
	require.True(t, c.balance(t, provider.Address).Equal(provider3), "the provider is paid nothing")
	require.True(t, c.balance(t, treasury).Equal(treasury3.Add(slash)), "the slash goes to the treasury")
	for i, v := range voters {
		require.True(t, c.balance(t, v.Address).Equal(voterBefore[i]), "no verifier reward for an invalid result")
	}
	p := c.provider(t, provider)
	require.True(t, p.Bond.Amount.Equal(bond3.Sub(slash)), "bond %s", p.Bond)
	require.Equal(t, computetypes.PROVIDER_STATUS_INACTIVE, p.Status, "950 AITBC is under min_bond")
	require.True(t, c.balance(t, bonds).Equal(math.NewInt(4*computeBond).Sub(slash)), "compute_bonds lost the slash")
	require.True(t, c.balance(t, escrow).IsZero())

	// A reveal once the lease is decided fails.
	res = sendTx(t, c.net, voters[0], reveals[0].msg)
	requireTxError(t, res, computetypes.ModuleName, computetypes.ErrLeaseNotAttesting.ABCICode())

	// The same through REST: the lease with its attestations and settlement.
	var rest computetypes.QueryLeaseResponse
	getJSON(t, rpcCtx(c.net).Codec.UnmarshalJSON, fmt.Sprintf("%s/aitbc/compute/v1/leases/%d", vals[0].APIAddress, lease2.Id), &rest)
	require.Equal(t, computetypes.LEASE_STATUS_INVALID, rest.Lease.Status)
	require.Len(t, rest.Attestations, 3)
	require.True(t, rest.Lease.Settlement.Slashed.Amount.Equal(slash))
	t.Logf("TestComputeMarketOnFourValidators took %s", time.Since(start).Round(time.Millisecond))
}

// attestation returns v's commit and reveal of verdict and hash on the
// lease, with a salt derived from v's address.
func attestation(t *testing.T, v *network.Validator, leaseID uint64, verdict computetypes.Verdict, hash string) (commit, reveal sdk.Msg) {
	t.Helper()
	salt := sha256.Sum256(v.Address)
	c, err := computetypes.AttestationCommitment(verdict, hash, salt[:])
	require.NoError(t, err)
	return &computetypes.MsgCommitAttestation{Account: v.Address.String(), LeaseId: leaseID, Commitment: c},
		&computetypes.MsgRevealAttestation{Account: v.Address.String(), LeaseId: leaseID, Verdict: verdict, ObservedHash: hash, Salt: salt[:]}
}

// computeEvents returns the tx's events of the type.
func computeEvents(res *sdk.TxResponse, typ string) []string {
	var out []string
	for _, e := range res.Events {
		if e.Type == typ {
			var attrs []string
			for _, a := range e.Attributes {
				attrs = append(attrs, a.Key+"="+a.Value)
			}
			out = append(out, strings.Join(attrs, " "))
		}
	}
	return out
}
