package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
)

// TestComputeMarketCLI drives x/compute on a real node through the CLI and
// REST. The validator registers as a GPU provider and offers H100s at two
// prices; alice submits a job from a JSON file, which EndBlock leases to
// the cheaper offer (the difference to her max price refunded at once);
// the provider reports its result, the lease settles with exact payments,
// and the offers, escrow and market stats queries agree. Bad inputs fail
// with the module's codes and cost their sender the fee only: a result
// from a key that is not the lease's provider, a second result on a
// settled lease, and bob cancelling alice's job.
//
// This is a one-validator chain: no other bonded validator can sit on the
// lease's attestation committee, so a result settles at once, without
// attestation, and the verifier share of the take has no one to go to: the
// whole take is the treasury's fee. (The committee path is covered by
// tests/network/compute_test.go on four validators.)
func TestComputeMarketCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("e2e: starts the aitbcd binary; skipped with -short")
	}
	const (
		bond       = 1_000_000_000 // min_bond, 1,000 AITBC
		price      = 2_000_000     // the cheaper offer, per GPU-hour
		dearPrice  = 3_000_000     // the dearer offer, also the job's max price
		jobCount   = 2
		jobHours   = 4
		gpuSeconds = 10_001 // not a multiple of 3,600 or 20: the floors count
		fee        = 1250   // --fees of every compute tx, for --gas 500000 at 0.0025uaitbc
		outputHash = "sha256:0f1e2d3c"
	)
	// The settlement of lease 1, floored at each step:
	// cost = floor(2,000,000 x 10,001 / 3,600) = 5,556,111, take = floor(5 %)
	// = 277,805, all of it the treasury's fee (no attesters); the provider
	// gets 5,278,306 and alice the unused 16,000,000 - 5,556,111.
	const (
		leaseEscrow = price * jobCount * jobHours     // 16 AITBC
		jobEscrow   = dearPrice * jobCount * jobHours // 24 AITBC
		cost        = price * gpuSeconds / 3600
		take        = cost * 5 / 100
		providerPay = cost - take
		refund      = leaseEscrow - cost
	)
	if cost != 5_556_111 || take != 277_805 || providerPay != 5_278_306 || refund != 10_443_889 {
		t.Fatalf("settlement arithmetic: cost %d take %d provider %d refund %d", cost, take, providerPay, refund)
	}
	gas := []string{"--gas", "500000", "--fees", strconv.Itoa(fee) + Denom}

	start := time.Now()
	c := NewChain(t, Options{Accounts: []Account{{Name: "alice"}, {Name: "bob"}}})
	c.Start()
	t.Logf("node up after %s", time.Since(start).Round(time.Millisecond))
	validator, alice, bob := c.KeyAddress(c.Validator), c.KeyAddress("alice"), c.KeyAddress("bob")
	operator := strings.TrimSpace(string(c.CLI("keys", "show", c.Validator, "--bech", "val", "-a")))
	if !strings.HasPrefix(operator, "aitbcvaloper1") {
		t.Fatalf("operator address %q", operator)
	}
	treasury := moduleAccountAddress(t, c, "dao")

	var params struct {
		Params struct {
			MinBond           computeCoin `json:"min_bond"`
			TakeRate          string      `json:"take_rate"`
			VerifierShare     string      `json:"verifier_share"`
			ResultGracePeriod string      `json:"result_grace_period"`
		} `json:"params"`
	}
	mustREST(t, c, "/aitbc/compute/v1/params", &params)
	if params.Params.MinBond != (computeCoin{Denom, strconv.Itoa(bond)}) || params.Params.TakeRate != "0.050000000000000000" ||
		params.Params.VerifierShare != "0.200000000000000000" || params.Params.ResultGracePeriod != "3600s" {
		t.Fatalf("compute params: %+v; the test's numbers assume the defaults", params.Params)
	}

	// 1. The validator registers and offers 4 H100 at 2 AITBC and 2 at 3.
	validator0 := c.Balance(validator, Denom)
	c.Tx(c.Validator, "compute", append([]string{"register-provider", strconv.Itoa(bond) + Denom,
		"--gpus", `{"model":"H100","vram_mib":81920,"count":8}`, "--endpoint", "https://gpu.example", "--region", "eu"}, gas...)...)
	var provider struct {
		Provider struct {
			Operator string       `json:"operator"`
			Account  string       `json:"account"`
			Gpus     []computeGpu `json:"gpus"`
			Bond     computeCoin  `json:"bond"`
			Status   string       `json:"status"`
			Endpoint string       `json:"endpoint"`
		} `json:"provider"`
	}
	mustREST(t, c, "/aitbc/compute/v1/providers/"+operator, &provider)
	if p := provider.Provider; p.Operator != operator || p.Account != validator || p.Status != "PROVIDER_STATUS_ACTIVE" ||
		p.Bond != (computeCoin{Denom, strconv.Itoa(bond)}) || len(p.Gpus) != 1 || p.Gpus[0] != (computeGpu{"H100", 81920, 8}) ||
		p.Endpoint != "https://gpu.example" {
		t.Fatalf("provider through REST: %+v", p)
	}
	cheap := c.Tx(c.Validator, "compute", append([]string{"create-offer", `{"model":"H100","vram_mib":81920,"count":4}`,
		strconv.Itoa(price) + Denom, "1", "72"}, gas...)...)
	dear := c.Tx(c.Validator, "compute", append([]string{"create-offer", `{"model":"H100","vram_mib":81920,"count":2}`,
		strconv.Itoa(dearPrice) + Denom, "1", "72"}, gas...)...)
	cheapID, dearID := computeAttr(t, cheap, "aitbc.compute.v1.EventOfferCreated", "offer_id"), computeAttr(t, dear, "aitbc.compute.v1.EventOfferCreated", "offer_id")
	if got, want := c.Balance(validator, Denom), validator0.SubRaw(bond+3*fee); !got.Equal(want) {
		t.Fatalf("validator after registering and two offers: %s, want %s", got, want)
	}
	offers := computeOffersREST(t, c, "H100")
	if len(offers) != 2 || offers[0].ID != cheapID || offers[1].ID != dearID || offers[0].Price.Amount != strconv.Itoa(price) ||
		offers[0].Provider != operator || offers[0].Status != "OFFER_STATUS_OPEN" {
		t.Fatalf("REST offers?model=H100: %+v, want %s then %s", offers, cheapID, dearID)
	}
	var cliOffers struct {
		Offers []computeOffer `json:"offers"`
	}
	c.QueryInto(&cliOffers, "compute", "offers", "--model", "H100")
	if len(cliOffers.Offers) != 2 || cliOffers.Offers[0].ID != cheapID || cliOffers.Offers[1].ID != dearID {
		t.Fatalf("aitbcd q compute offers --model H100: %+v", cliOffers.Offers)
	}
	if other := computeOffersREST(t, c, "A100"); len(other) != 0 {
		t.Fatalf("REST offers?model=A100: %+v", other)
	}

	// 2. alice submits a job from a JSON file: 2 H100 for 4 hours at 3
	// AITBC at most. It is leased to the cheaper offer in the EndBlock of
	// its block, and the 8 AITBC over the lease price come back at once.
	alice0, treasury0 := c.Balance(alice, Denom), c.Balance(treasury, Denom)
	jobFile := writeComputeJob(t, c, "job.json", "H100", jobCount, jobHours, dearPrice)
	submit := c.Tx("alice", "compute", append([]string{"submit-job", jobFile}, gas...)...)
	jobID := computeAttr(t, submit, "aitbc.compute.v1.EventJobSubmitted", "job_id")
	if escrow := computeCoinAttr(t, submit, "aitbc.compute.v1.EventJobSubmitted", "escrow"); escrow != (computeCoin{Denom, strconv.Itoa(jobEscrow)}) {
		t.Fatalf("submit-job event escrow %v, want %d%s", escrow, jobEscrow, Denom)
	}
	job := waitForComputeLease(t, c, jobID)
	leaseID := job.LeaseID
	escrowAddr := moduleAccountAddress(t, c, "compute_escrow") // created by the first escrow
	if got, want := c.Balance(alice, Denom), alice0.SubRaw(leaseEscrow+fee); !got.Equal(want) {
		t.Fatalf("alice after the match: %s, want %s (escrow 24 AITBC, 8 refunded, fee %d)", got, want, fee)
	}
	lease := computeLeaseREST(t, c, leaseID)
	if l := lease.Lease; l.JobID != jobID || l.OfferID != cheapID || l.Provider != operator || l.Consumer != alice ||
		l.Status != "LEASE_STATUS_ACTIVE" || l.Escrow != (computeCoin{Denom, strconv.Itoa(leaseEscrow)}) ||
		l.Price != (computeCoin{Denom, strconv.Itoa(price)}) || l.Gpu.Count != jobCount || l.Hours != jobHours {
		t.Fatalf("lease %s through REST: %+v", leaseID, l)
	}
	if created, deadline := mustTime(t, lease.Lease.Created), mustTime(t, lease.Lease.Deadline); !deadline.Equal(created.Add(jobHours*time.Hour + time.Hour)) {
		t.Fatalf("lease deadline %s, want created %s + 4 h + the 1 h grace", deadline, created)
	}
	var byProvider struct {
		Leases []computeLease `json:"leases"`
	}
	mustREST(t, c, "/aitbc/compute/v1/leases?provider="+operator+"&status=1", &byProvider)
	if len(byProvider.Leases) != 1 || byProvider.Leases[0].ID != leaseID {
		t.Fatalf("REST active leases of the provider: %+v", byProvider.Leases)
	}
	checkComputeEscrow(t, c, escrowAddr, leaseEscrow, bond)
	checkComputeStats(t, c, computeStats{OpenJobs: "0", ActiveLeases: "1", Models: []computeModelStats{
		{Model: "H100", OpenOffers: "2", FreeGpus: "4", Median: computeCoin{Denom, strconv.Itoa(price)}, OpenJobs: "0"},
	}})
	var cliJobs struct {
		Jobs []computeJob `json:"jobs"`
	}
	c.QueryInto(&cliJobs, "compute", "jobs", "--consumer", alice)
	if len(cliJobs.Jobs) != 1 || cliJobs.Jobs[0].ID != jobID || cliJobs.Jobs[0].Status != "JOB_STATUS_LEASED" || cliJobs.Jobs[0].LeaseID != leaseID {
		t.Fatalf("aitbcd q compute jobs --consumer alice: %+v", cliJobs.Jobs)
	}

	// 3. bob is not the lease's provider: his result is refused.
	bob0 := c.Balance(bob, Denom)
	res, err := c.TxE("bob", "compute", append([]string{"submit-result", leaseID, outputHash, "1"}, gas...)...)
	expectTxFailure(t, "bob submits lease "+leaseID+"'s result", res, err, "compute", 27)
	expectComputeLog(t, res, "lease belongs to another provider")
	expectFeeOnly(t, c, "bob", bob, bob0, res, fee)
	if l := computeLeaseREST(t, c, leaseID).Lease; l.Status != "LEASE_STATUS_ACTIVE" || l.Result != nil {
		t.Fatalf("lease after bob's result: %+v", l)
	}

	// 4. The provider reports 10,001 GPU-seconds. No other validator can
	// attest: the lease settles in the same tx.
	validator1 := c.Balance(validator, Denom)
	result := c.Tx(c.Validator, "compute", append([]string{"submit-result", leaseID, outputHash, strconv.Itoa(gpuSeconds),
		"--output-uri", "ipfs://out"}, gas...)...)
	if got := computeEventTypes(result); strings.Join(got, ",") != "EventResultSubmitted,EventLeaseSettled" {
		t.Fatalf("submit-result events %v, want the result then the settlement", got)
	}
	if committee := computeAttrs(result, "aitbc.compute.v1.EventResultSubmitted", "committee"); len(committee) != 1 || committee[0] != "[]" {
		t.Fatalf("result event committee %v, want empty", committee)
	}
	settlement := map[string]computeCoin{}
	for _, key := range []string{"provider_payment", "fee", "verifier_reward", "refund"} {
		settlement[key] = computeCoinAttr(t, result, "aitbc.compute.v1.EventLeaseSettled", key)
	}
	wantEvent := map[string]computeCoin{
		"provider_payment": {Denom, strconv.Itoa(providerPay)}, "fee": {Denom, strconv.Itoa(take)},
		"verifier_reward": {Denom, "0"}, "refund": {Denom, strconv.Itoa(refund)},
	}
	if fmt.Sprint(settlement) != fmt.Sprint(wantEvent) {
		t.Fatalf("settlement event %v, want %v", settlement, wantEvent)
	}
	lease = computeLeaseREST(t, c, leaseID)
	l := lease.Lease
	if l.Status != "LEASE_STATUS_SETTLED" || len(l.Committee) != 0 || len(lease.Attestations) != 0 || l.Result == nil ||
		l.Result.OutputHash != outputHash || l.Result.OutputURI != "ipfs://out" || l.Result.GpuSecondsUsed != strconv.Itoa(gpuSeconds) ||
		l.Ended == "" || l.Escrow.Amount != "0" {
		t.Fatalf("settled lease through REST: %+v, attestations %v", l, lease.Attestations)
	}
	wantSettlement := computeSettlement{
		ProviderPayment: computeCoin{Denom, strconv.Itoa(providerPay)}, Fee: computeCoin{Denom, strconv.Itoa(take)},
		VerifierReward: computeCoin{Denom, "0"}, Refund: computeCoin{Denom, strconv.Itoa(refund)}, Slashed: computeCoin{Denom, "0"},
	}
	if l.Settlement == nil || *l.Settlement != wantSettlement {
		t.Fatalf("settlement %+v, want %+v", l.Settlement, wantSettlement)
	}
	var completed struct {
		Job computeJob `json:"job"`
	}
	mustREST(t, c, "/aitbc/compute/v1/jobs/"+jobID, &completed)
	if completed.Job.Status != "JOB_STATUS_COMPLETED" || completed.Job.LeaseID != leaseID {
		t.Fatalf("job %s after its lease settled: %+v, want completed", jobID, completed.Job)
	}
	if got, want := c.Balance(validator, Denom), validator1.SubRaw(fee).AddRaw(providerPay); !got.Equal(want) {
		t.Fatalf("provider after settlement: %s, want %s (cost less the take, less the fee)", got, want)
	}
	if got, want := c.Balance(alice, Denom), alice0.SubRaw(cost+fee); !got.Equal(want) {
		t.Fatalf("alice after settlement: %s, want %s (she paid the cost and one fee)", got, want)
	}
	if got, want := c.Balance(treasury, Denom), treasury0.AddRaw(take); !got.Equal(want) {
		t.Fatalf("treasury after settlement: %s, want %s (the whole take)", got, want)
	}
	checkComputeEscrow(t, c, escrowAddr, 0, bond)
	checkComputeStats(t, c, computeStats{OpenJobs: "0", ActiveLeases: "0", Models: []computeModelStats{
		{Model: "H100", OpenOffers: "2", FreeGpus: "6", Median: computeCoin{Denom, strconv.Itoa(price)}, OpenJobs: "0"},
	}})
	if offers := computeOffersREST(t, c, "H100"); len(offers) != 2 || offers[0].ID != cheapID || offers[0].Reserved != 0 {
		t.Fatalf("offers after settlement: %+v, want the GPUs free again", offers)
	}

	// 5. A second result on the settled lease is refused.
	validator2 := c.Balance(validator, Denom)
	res, err = c.TxE(c.Validator, "compute", append([]string{"submit-result", leaseID, outputHash, "1"}, gas...)...)
	expectTxFailure(t, "a second result on lease "+leaseID, res, err, "compute", 28)
	expectComputeLog(t, res, "lease takes no result")
	expectFeeOnly(t, c, c.Validator, validator, validator2, res, fee)

	// 6. A B200 job no offer can take stays open; bob cannot cancel it,
	// alice can and gets all of its escrow back.
	alice1 := c.Balance(alice, Denom)
	b200 := c.Tx("alice", "compute", append([]string{"submit-job", writeComputeJob(t, c, "b200.json", "B200", 1, 2, price)}, gas...)...)
	openID := computeAttr(t, b200, "aitbc.compute.v1.EventJobSubmitted", "job_id")
	c.WaitForHeight(b200.Height+1, 0)
	var open struct {
		Job computeJob `json:"job"`
	}
	mustREST(t, c, "/aitbc/compute/v1/jobs/"+openID, &open)
	if open.Job.Status != "JOB_STATUS_OPEN" || open.Job.Escrow != (computeCoin{Denom, strconv.Itoa(price * 2)}) {
		t.Fatalf("B200 job: %+v", open.Job)
	}
	checkComputeStats(t, c, computeStats{OpenJobs: "1", ActiveLeases: "0", Models: []computeModelStats{
		{Model: "H100", OpenOffers: "2", FreeGpus: "6", Median: computeCoin{Denom, strconv.Itoa(price)}, OpenJobs: "0"},
		{Model: "B200", OpenOffers: "0", FreeGpus: "0", Median: computeCoin{Denom, "0"}, OpenJobs: "1"},
	}})
	checkComputeEscrow(t, c, escrowAddr, price*2, bond)
	bob1 := c.Balance(bob, Denom)
	res, err = c.TxE("bob", "compute", append([]string{"cancel-job", openID}, gas...)...)
	expectTxFailure(t, "bob cancels alice's job", res, err, "compute", 22)
	expectComputeLog(t, res, "job belongs to another consumer")
	expectFeeOnly(t, c, "bob", bob, bob1, res, fee)
	c.Tx("alice", "compute", append([]string{"cancel-job", openID}, gas...)...)
	mustREST(t, c, "/aitbc/compute/v1/jobs/"+openID, &open)
	if open.Job.Status != "JOB_STATUS_CANCELLED" || open.Job.Escrow.Amount != "0" {
		t.Fatalf("cancelled job: %+v", open.Job)
	}
	if got, want := c.Balance(alice, Denom), alice1.SubRaw(2*fee); !got.Equal(want) {
		t.Fatalf("alice after submitting and cancelling: %s, want %s (two fees only)", got, want)
	}
	checkComputeEscrow(t, c, escrowAddr, 0, bond)
	t.Logf("TestComputeMarketCLI took %s", time.Since(start).Round(time.Millisecond))
}

type computeCoin struct {
	Denom  string `json:"denom"`
	Amount string `json:"amount"`
}

type computeGpu struct {
	Model   string `json:"model"`
	VramMib int    `json:"vram_mib"`
	Count   int    `json:"count"`
}

type computeOffer struct {
	ID       string      `json:"id"`
	Provider string      `json:"provider"`
	Gpu      computeGpu  `json:"gpu"`
	Price    computeCoin `json:"price_per_gpu_hour"`
	Reserved int         `json:"reserved"`
	Status   string      `json:"status"`
}

type computeJob struct {
	ID      string      `json:"id"`
	Status  string      `json:"status"`
	Escrow  computeCoin `json:"escrow"`
	LeaseID string      `json:"lease_id"`
}

type computeSettlement struct {
	ProviderPayment computeCoin `json:"provider_payment"`
	Fee             computeCoin `json:"fee"`
	VerifierReward  computeCoin `json:"verifier_reward"`
	Refund          computeCoin `json:"refund"`
	Slashed         computeCoin `json:"slashed"`
}

type computeLease struct {
	ID       string      `json:"id"`
	JobID    string      `json:"job_id"`
	OfferID  string      `json:"offer_id"`
	Provider string      `json:"provider"`
	Consumer string      `json:"consumer"`
	Gpu      computeGpu  `json:"gpu"`
	Hours    int         `json:"hours"`
	Price    computeCoin `json:"price_per_gpu_hour"`
	Escrow   computeCoin `json:"escrow"`
	Created  string      `json:"created"`
	Deadline string      `json:"deadline"`
	Status   string      `json:"status"`
	Result   *struct {
		OutputHash     string `json:"output_hash"`
		OutputURI      string `json:"output_uri"`
		GpuSecondsUsed string `json:"gpu_seconds_used"`
	} `json:"result"`
	Committee  []any              `json:"committee"`
	Settlement *computeSettlement `json:"settlement"`
	Ended      string             `json:"ended"`
}

type computeLeaseResponse struct {
	Lease        computeLease `json:"lease"`
	Attestations []any        `json:"attestations"`
}

type computeModelStats struct {
	Model      string      `json:"model"`
	OpenOffers string      `json:"open_offers"`
	FreeGpus   string      `json:"free_gpus"`
	Median     computeCoin `json:"median_price_per_gpu_hour"`
	OpenJobs   string      `json:"open_jobs"`
}

type computeStats struct {
	OpenJobs     string              `json:"open_jobs"`
	ActiveLeases string              `json:"active_leases"`
	Models       []computeModelStats `json:"models"`
}

// writeComputeJob writes a job file for `tx compute submit-job`.
func writeComputeJob(t *testing.T, c *Chain, name, model string, count, hours, maxPrice int) string {
	t.Helper()
	job := map[string]any{
		"requirements":           map[string]any{"model": model, "count": count, "hours": hours},
		"max_price_per_gpu_hour": computeCoin{Denom, strconv.Itoa(maxPrice)},
		"workload":               map[string]any{"image": "ghcr.io/acme/train:1", "args": []string{"--epochs", "3"}, "env": []any{map[string]string{"name": "SEED", "value": "7"}}},
		"input_uri":              "ipfs://input",
		"input_hash":             "sha256:input",
		"deadline":               time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339),
	}
	bz, err := json.MarshalIndent(job, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c.Dir, name)
	if err := os.WriteFile(path, bz, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// computeAttrs returns the values of an event attribute, unquoted (typed
// events carry JSON values).
func computeAttrs(res TxResponse, eventType, key string) []string {
	vals := res.Attrs(eventType, key)
	for i, v := range vals {
		vals[i] = strings.Trim(v, `"`)
	}
	return vals
}

// computeCoinAttr decodes the one Coin attribute key of the tx's event
// (typed events carry coins as JSON objects).
func computeCoinAttr(t *testing.T, res TxResponse, eventType, key string) computeCoin {
	t.Helper()
	vals := res.Attrs(eventType, key)
	if len(vals) != 1 {
		t.Fatalf("tx %s: %d %s.%s, want one", res.TxHash, len(vals), eventType, key)
	}
	var c computeCoin
	if err := json.Unmarshal([]byte(vals[0]), &c); err != nil {
		t.Fatalf("tx %s: %s.%s = %s: %v", res.TxHash, eventType, key, vals[0], err)
	}
	return c
}

// computeEventTypes lists the tx's x/compute event types without their
// package, in order.
func computeEventTypes(res TxResponse) []string {
	var types []string
	for _, e := range res.Events {
		if name, ok := strings.CutPrefix(e.Type, "aitbc.compute.v1."); ok {
			types = append(types, name)
		}
	}
	return types
}

func computeAttr(t *testing.T, res TxResponse, eventType, key string) string {
	t.Helper()
	vals := computeAttrs(res, eventType, key)
	if len(vals) == 0 {
		t.Fatalf("tx %s: no %s.%s in %+v", res.TxHash, eventType, key, res.Events)
	}
	return vals[0]
}

// waitForComputeLease polls the job until EndBlock leased it.
func waitForComputeLease(t *testing.T, c *Chain, jobID string) computeJob {
	t.Helper()
	var job struct {
		Job computeJob `json:"job"`
	}
	c.WaitUntil("job "+jobID+" to be leased", 10, func() (bool, string) {
		if err := c.REST("/aitbc/compute/v1/jobs/"+jobID, &job); err != nil {
			return false, err.Error()
		}
		return job.Job.Status == "JOB_STATUS_LEASED" && job.Job.LeaseID != "0", fmt.Sprintf("%+v", job.Job)
	})
	return job.Job
}

func computeLeaseREST(t *testing.T, c *Chain, id string) computeLeaseResponse {
	t.Helper()
	var res computeLeaseResponse
	mustREST(t, c, "/aitbc/compute/v1/leases/"+id, &res)
	return res
}

func computeOffersREST(t *testing.T, c *Chain, model string) []computeOffer {
	t.Helper()
	var res struct {
		Offers []computeOffer `json:"offers"`
	}
	mustREST(t, c, "/aitbc/compute/v1/offers?model="+model, &res)
	return res.Offers
}

func checkComputeEscrow(t *testing.T, c *Chain, escrowAddr string, escrowed, bonds int64) {
	t.Helper()
	var res struct {
		Escrowed computeCoin `json:"escrowed"`
		Bonds    computeCoin `json:"bonds"`
	}
	mustREST(t, c, "/aitbc/compute/v1/escrow", &res)
	if res.Escrowed != (computeCoin{Denom, strconv.FormatInt(escrowed, 10)}) || res.Bonds != (computeCoin{Denom, strconv.FormatInt(bonds, 10)}) {
		t.Fatalf("REST escrow: %+v, want %d escrowed and %d bonded", res, escrowed, bonds)
	}
	if got := c.Balance(escrowAddr, Denom); !got.Equal(sdkmath.NewInt(escrowed)) {
		t.Fatalf("compute_escrow holds %s, want %d", got, escrowed)
	}
}

func checkComputeStats(t *testing.T, c *Chain, want computeStats) {
	t.Helper()
	var got computeStats
	mustREST(t, c, "/aitbc/compute/v1/market_stats", &got)
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Fatalf("REST market_stats: %+v, want %+v", got, want)
	}
}

func expectComputeLog(t *testing.T, res TxResponse, text string) {
	t.Helper()
	if res.Height == 0 || !strings.Contains(res.RawLog, text) {
		t.Fatalf("tx %s (height %d): want a failure in a block saying %q, raw log %q", res.TxHash, res.Height, text, res.RawLog)
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("time %q: %v", s, err)
	}
	return tm
}
