package cli_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aitbc/aitbc/x/compute/client/cli"
	"github.com/aitbc/aitbc/x/compute/types"
)

// TestSetDeadline: a job file without a deadline gets now + --deadline-in;
// one with a deadline keeps it, and --deadline-in beside it is refused.
func TestSetDeadline(t *testing.T) {
	now := time.Date(2026, 12, 1, 21, 0, 0, 500_000_000, time.FixedZone("X", 3600))

	var msg types.MsgSubmitJob
	if err := cli.SetDeadline(&msg, now, cli.DefaultDeadlineIn, false); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC); !msg.Deadline.Equal(want) || msg.Deadline.Location() != time.UTC {
		t.Fatalf("default deadline %s, want %s (now + 24h, whole seconds, UTC)", msg.Deadline, want)
	}

	msg = types.MsgSubmitJob{}
	if err := cli.SetDeadline(&msg, now, 2*time.Hour, true); err != nil {
		t.Fatal(err)
	}
	if want := now.Add(2 * time.Hour).Truncate(time.Second); !msg.Deadline.Equal(want) {
		t.Fatalf("--deadline-in 2h: %s, want %s", msg.Deadline, want)
	}

	fixed := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	msg = types.MsgSubmitJob{Deadline: fixed}
	if err := cli.SetDeadline(&msg, now, cli.DefaultDeadlineIn, false); err != nil || !msg.Deadline.Equal(fixed) {
		t.Fatalf("file deadline: %s, %v; want it kept", msg.Deadline, err)
	}
	if err := cli.SetDeadline(&msg, now, time.Hour, true); err == nil || !strings.Contains(err.Error(), "deadline-in") {
		t.Fatalf("file deadline with --deadline-in: %v, want an error naming the flag", err)
	}

	msg = types.MsgSubmitJob{}
	if err := cli.SetDeadline(&msg, now, 0, true); err == nil {
		t.Fatal("--deadline-in 0 accepted")
	}
}
