package types

import (
	"github.com/cosmos/gogoproto/proto"

	"github.com/aitbc/aitbc/internal/metrics"
)

// Telemetry counters of x/compute, in Prometheus aitbc_compute_<name> (see
// docs/metrics.md). Amounts are in base units, labelled with their denom.
var (
	MetricProvidersRegistered   = metrics.Key(ModuleName, "providers_registered_total")
	MetricProviderStatusChanges = metrics.Key(ModuleName, "provider_status_changes_total")
	MetricBondedAmount          = metrics.Key(ModuleName, "bonded_amount_total")
	MetricBondPaidAmount        = metrics.Key(ModuleName, "bond_paid_amount_total")
	MetricSlashedAmount         = metrics.Key(ModuleName, "slashed_amount_total")
	MetricOffersCreated         = metrics.Key(ModuleName, "offers_created_total")
	MetricOffersClosed          = metrics.Key(ModuleName, "offers_closed_total")
	MetricJobsSubmitted         = metrics.Key(ModuleName, "jobs_submitted_total")
	MetricEscrowedAmount        = metrics.Key(ModuleName, "escrowed_amount_total")
	MetricJobsEnded             = metrics.Key(ModuleName, "jobs_ended_total")
	MetricRefundedAmount        = metrics.Key(ModuleName, "refunded_amount_total")
	MetricLeasesCreated         = metrics.Key(ModuleName, "leases_created_total")
	MetricResultsSubmitted      = metrics.Key(ModuleName, "results_submitted_total")
	MetricAttestationCommits    = metrics.Key(ModuleName, "attestation_commits_total")
	MetricRevealPhases          = metrics.Key(ModuleName, "reveal_phases_total")
	MetricAttestationReveals    = metrics.Key(ModuleName, "attestation_reveals_total")
	MetricLeasesEnded           = metrics.Key(ModuleName, "leases_ended_total")
	MetricSettledAmount         = metrics.Key(ModuleName, "settled_amount_total")
)

// Labels of x/compute's counters and their values.
const (
	MetricLabelVerdict = "verdict"
	MetricLabelPart    = "part"

	metricPartProviderPayment  = "provider_payment"
	metricPartFee              = "fee"
	metricPartVerifierReward   = "verifier_reward"
	metricStatusPrefix         = "LEASE_STATUS_"
	metricProviderStatusPrefix = "PROVIDER_STATUS_"
	metricVerdictPrefix        = "VERDICT_"
	metricJobStatusCancelled   = "cancelled"
	metricJobStatusExpired     = "expired"
)

// RecordMetrics counts the transition a committed x/compute event reports;
// it returns false for any other event. It is called by the node's metrics
// listener on the events of finalized blocks (app/metrics.go), never by the
// state machine.
func RecordMetrics(ev proto.Message) bool {
	switch e := ev.(type) {
	case *EventProviderRegistered:
		metrics.Count(MetricProvidersRegistered)
		metrics.AddCoin(MetricBondedAmount, e.Bond)
	case *EventProviderBonded:
		metrics.AddCoin(MetricBondedAmount, e.Amount)
	case *EventProviderStatusChanged:
		metrics.Count(MetricProviderStatusChanges, metrics.Label(metrics.LabelStatus, metrics.Enum(e.To, metricProviderStatusPrefix)))
	case *EventProviderBondPaid:
		metrics.AddCoin(MetricBondPaidAmount, e.Amount)
	case *EventProviderSlashed:
		metrics.AddCoin(MetricSlashedAmount, e.Amount)
	case *EventOfferCreated:
		metrics.Count(MetricOffersCreated)
	case *EventOfferClosed:
		metrics.Count(MetricOffersClosed)
	case *EventJobSubmitted:
		metrics.Count(MetricJobsSubmitted)
		metrics.AddCoin(MetricEscrowedAmount, e.Escrow)
	case *EventJobCancelled:
		metrics.Count(MetricJobsEnded, metrics.Label(metrics.LabelStatus, metricJobStatusCancelled))
		metrics.AddCoin(MetricRefundedAmount, e.Refund)
	case *EventJobExpired:
		metrics.Count(MetricJobsEnded, metrics.Label(metrics.LabelStatus, metricJobStatusExpired))
		metrics.AddCoin(MetricRefundedAmount, e.Refund)
	case *EventLeaseCreated:
		metrics.Count(MetricLeasesCreated)
		metrics.AddCoin(MetricRefundedAmount, e.Refund)
	case *EventResultSubmitted:
		metrics.Count(MetricResultsSubmitted)
	case *EventAttestationCommitted:
		metrics.Count(MetricAttestationCommits)
	case *EventRevealPhaseStarted:
		metrics.Count(MetricRevealPhases)
	case *EventAttestation:
		metrics.Count(MetricAttestationReveals, metrics.Label(MetricLabelVerdict, metrics.Enum(e.Verdict, metricVerdictPrefix)))
	case *EventLeaseSettled:
		leaseEnded(LEASE_STATUS_SETTLED)
		metrics.AddCoin(MetricSettledAmount, e.ProviderPayment, metrics.Label(MetricLabelPart, metricPartProviderPayment))
		metrics.AddCoin(MetricSettledAmount, e.Fee, metrics.Label(MetricLabelPart, metricPartFee))
		metrics.AddCoin(MetricSettledAmount, e.VerifierReward, metrics.Label(MetricLabelPart, metricPartVerifierReward))
		metrics.AddCoin(MetricRefundedAmount, e.Refund)
	case *EventLeaseFailed:
		// The slash itself is counted from EventProviderSlashed.
		leaseEnded(e.Status)
		metrics.AddCoin(MetricRefundedAmount, e.Refund)
	case *EventLeaseNoQuorum:
		leaseEnded(LEASE_STATUS_NO_QUORUM)
		metrics.AddCoin(MetricRefundedAmount, e.Refund)
	case *EventLeaseEnded:
		leaseEnded(LEASE_STATUS_PROVIDER_GONE)
		metrics.AddCoin(MetricRefundedAmount, e.Refund)
	case *EventLeaseDeclined:
		leaseEnded(LEASE_STATUS_DECLINED)
		metrics.AddCoin(MetricRefundedAmount, e.Refund)
	default:
		return false
	}
	return true
}

func leaseEnded(status LeaseStatus) {
	metrics.Count(MetricLeasesEnded, metrics.Label(metrics.LabelStatus, metrics.Enum(status, metricStatusPrefix)))
}
