package types

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// Digests bind an approval to exactly what it approves. Each is the hex
// sha256 of a domain tag followed by the fields, each length-prefixed
// (uvarint length, then bytes); numbers are written in decimal or as
// 8-byte big-endian, times as unix seconds and nanoseconds (UTC).

type digester struct{ buf []byte }

func (d *digester) bytes(b []byte) {
	d.buf = binary.AppendUvarint(d.buf, uint64(len(b)))
	d.buf = append(d.buf, b...)
}

func (d *digester) str(s string) { d.bytes([]byte(s)) }

func (d *digester) u64(v uint64) { d.buf = binary.BigEndian.AppendUint64(d.buf, v) }

func (d *digester) time(t time.Time) {
	d.u64(uint64(t.Unix()))
	d.u64(uint64(t.Nanosecond()))
}

func (d *digester) sum() string {
	h := sha256.Sum256(d.buf)
	return hex.EncodeToString(h[:])
}

// CreationDigest is the digest a creation approval carries: project id,
// manager, name, version, budget, start, end and description URI.
func CreationDigest(p Project) string {
	d := &digester{}
	d.str("aitbc/sourcedao/creation/v1")
	d.u64(p.Id)
	d.str(p.Manager)
	d.str(p.Name)
	d.u64(p.Version)
	d.str(p.Budget.String())
	d.time(p.StartTime)
	d.time(p.EndTime)
	d.str(p.DescriptionUri)
	return d.sum()
}

// AcceptanceDigest is the digest an acceptance approval carries: project
// id, level, the number of contributions and the contribution list sorted
// by address bytes (as stored). The README gives the byte layout.
func AcceptanceDigest(projectID uint64, level AcceptanceLevel, sorted []Contribution) string {
	d := &digester{}
	d.str("aitbc/sourcedao/acceptance/v1")
	d.u64(projectID)
	d.u64(uint64(level))
	d.u64(uint64(len(sorted)))
	for _, c := range sorted {
		d.str(c.Address)
		d.u64(c.Value)
	}
	return d.sum()
}
