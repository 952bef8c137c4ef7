package status

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/aitbc/aitbc/provider/store"
)

// JSON writes the report as indented JSON.
func JSON(w io.Writer, r Report) error {
	if r.Local == nil {
		r.Local = []store.Lease{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

const timeFormat = "2006-01-02T15:04:05Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(timeFormat)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Text writes the report for an operator: the chain part (provider, bond
// health with its warning, leases, attestations due), then the local
// store. A part that could not be read says so.
func Text(w io.Writer, r Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	switch {
	case r.Chain == nil:
		fmt.Fprintf(tw, "chain: unavailable, only the local store is shown (%s)\n", dash(r.ChainError))
	case !r.Chain.Registered:
		fmt.Fprintf(tw, "provider %s: not registered (aitbcd tx compute register-provider)\n", r.Operator)
	default:
		c := r.Chain
		fmt.Fprintf(tw, "provider %s\n", r.Operator)
		fmt.Fprintf(tw, "status\t%s\n", c.Status)
		if b := c.Bond; b != nil {
			fmt.Fprintf(tw, "bond\t%s\n", b.Bond)
			fmt.Fprintf(tw, "min_bond\t%s\n", b.MinBond)
			fmt.Fprintf(tw, "one slash\t%s (slash_fraction %s), leaving %s\n", b.Slash, Fraction(b.SlashFraction), b.AfterSlash)
			if warn := b.Warning(r.Account); warn != "" {
				fmt.Fprintln(tw, warn)
			}
		}
	}
	if r.Chain != nil {
		fmt.Fprintln(tw, "\nLEASES")
		fmt.Fprintln(tw, "LEASE\tJOB\tSTATE\tHOURS\tELAPSED\tDEADLINE\tENDED\tLOCAL STEP")
		for _, l := range r.Chain.Leases {
			ended := "-"
			if l.Ended != nil {
				ended = fmtTime(*l.Ended)
			}
			fmt.Fprintf(tw, "%d\t%d\t%s\t%d\t%s\t%s\t%s\t%s\n", l.ID, l.JobID, l.State, l.Hours, l.Elapsed, fmtTime(l.Deadline), ended, withReason(l.LocalStep, l.LocalReason))
		}
		if len(r.Chain.Leases) == 0 {
			fmt.Fprintln(tw, "none")
		}
		fmt.Fprintln(tw, "\nATTESTATIONS DUE")
		fmt.Fprintln(tw, "LEASE\tJOB\tPHASE\tDEADLINE\tLOCAL STEP")
		for _, d := range r.Chain.AttestationsDue {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\n", d.LeaseID, d.JobID, d.Phase, fmtTime(d.Deadline), withReason(d.LocalStep, d.LocalReason))
		}
		if len(r.Chain.AttestationsDue) == 0 {
			fmt.Fprintln(tw, "none")
		}
	}
	fmt.Fprintln(tw, "\nLOCAL STORE")
	if r.LocalError != "" {
		fmt.Fprintf(tw, "unavailable (%s)\n", r.LocalError)
		return tw.Flush()
	}
	writeLocal(tw, r.Local)
	return tw.Flush()
}

func withReason(step, reason string) string {
	if reason == "" {
		return dash(step)
	}
	return step + ": " + reason
}

// writeLocal counts the records by role and step, then lists the ones not
// done (failed ones with their reason).
func writeLocal(tw io.Writer, all []store.Lease) {
	type key struct {
		role store.Role
		step store.Step
	}
	counts := map[key]int{}
	for _, l := range all {
		counts[key{l.Role, l.Step}]++
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].role != keys[j].role {
			return keys[i].role > keys[j].role // provider first
		}
		return keys[i].step < keys[j].step
	})
	fmt.Fprintln(tw, "ROLE\tSTEP\tLEASES")
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", k.role, k.step, counts[k])
	}
	if len(keys) == 0 {
		fmt.Fprintln(tw, "-\t-\t0")
	}
	pending := 0
	for _, l := range all {
		if l.Role == store.RoleAttester && !l.Step.Final() && l.Step < store.StepRevealed {
			pending++
		}
	}
	fmt.Fprintf(tw, "attestations pending locally: %d\n", pending)
	fmt.Fprintln(tw, "\nLEASE\tROLE\tSTEP\tOUTPUT HASH\tUPDATED\tREASON")
	for _, l := range all {
		if l.Step == store.StepDone {
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", l.LeaseID, l.Role, l.Step, dash(l.OutputHash), fmtTime(l.Updated), dash(l.Reason))
	}
}
