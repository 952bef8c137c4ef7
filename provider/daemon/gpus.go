package daemon

import (
	"context"
	"fmt"
	"sync"

	"github.com/aitbc/aitbc/provider/gpu"
)

// gpuPool hands out GPU indices of the inventory; a lease holds its GPUs
// for the length of its run.
type gpuPool struct {
	mu      sync.Mutex
	devices []gpu.Device
	busy    map[string]bool
	freed   chan struct{} // closed and replaced on every release
}

func newGPUPool(inv gpu.Inventory) *gpuPool {
	return &gpuPool{devices: inv.Devices, busy: map[string]bool{}, freed: make(chan struct{})}
}

// acquire waits until count GPUs of model (any when empty) with at least
// minVRAM MiB are free and takes them. A request the inventory can never
// meet fails at once.
func (p *gpuPool) acquire(ctx context.Context, model string, minVRAM uint32, count int) ([]string, error) {
	if count <= 0 {
		count = 1
	}
	for {
		p.mu.Lock()
		var matching, free []string
		for _, d := range p.devices {
			if (model == "" || d.Model == model) && d.VRAMMiB >= minVRAM {
				matching = append(matching, d.Index)
				if !p.busy[d.Index] {
					free = append(free, d.Index)
				}
			}
		}
		if len(matching) < count {
			p.mu.Unlock()
			return nil, fmt.Errorf("job needs %d GPU(s) %q with %d MiB, this node has %d", count, model, minVRAM, len(matching))
		}
		if len(free) >= count {
			got := free[:count]
			for _, i := range got {
				p.busy[i] = true
			}
			p.mu.Unlock()
			return got, nil
		}
		wait := p.freed
		p.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (p *gpuPool) release(indices []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, i := range indices {
		delete(p.busy, i)
	}
	close(p.freed)
	p.freed = make(chan struct{})
}
