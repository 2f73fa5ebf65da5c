package eligibility

import (
	"sync"
	"sync/atomic"
)

// Texts in Values are numbers in one table of the process, so that a Value
// holds no pointer. Equal texts get equal numbers, which keeps == on Values
// meaningful. The texts are those of the rule files (choices of enum facts,
// text parameters and literals) and the few the panel readers and the
// resident check take from them; nothing is ever removed.
var interned struct {
	mu    sync.Mutex
	ids   map[string]uint32
	texts atomic.Pointer[[]string]
}

func intern(s string) uint32 {
	interned.mu.Lock()
	defer interned.mu.Unlock()
	if id, ok := interned.ids[s]; ok {
		return id
	}
	if interned.ids == nil {
		interned.ids = map[string]uint32{}
	}
	var texts []string
	if p := interned.texts.Load(); p != nil {
		texts = *p
	}
	// Readers hold an older header, which never sees the new entry: the
	// entries before it do not change, so appending in place is safe.
	texts = append(texts, s)
	interned.texts.Store(&texts)
	id := uint32(len(texts))
	interned.ids[s] = id
	return id
}

// internedText returns the text numbered id; 0 (no text) is "".
func internedText(id uint32) string {
	p := interned.texts.Load()
	if id == 0 || p == nil || int(id) > len(*p) {
		return ""
	}
	return (*p)[id-1]
}
