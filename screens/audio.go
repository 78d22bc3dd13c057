package screens

import (
	"bytes"
	"encoding/binary"
	"log/slog"
	"math"
	"sync"

	"github.com/ebitengine/oto/v3"
)

// Chimer plays the call board's chime. The board calls Chime on the UI goroutine, so it
// must return at once; tests use a fake that counts.
type Chimer interface {
	Chime()
}

// chimeRate is the chime's sample rate; one context serves the whole process.
const chimeRate = 44100

// audio is the process's one oto context: oto refuses a second. It is opened on the
// first chime, off the UI goroutine, and err says why there is no sound.
var audio = sync.OnceValues(func() (*oto.Context, error) {
	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{SampleRate: chimeRate, ChannelCount: 1, Format: oto.FormatSignedInt16LE})
	if err != nil {
		return nil, err
	}
	<-ready
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ctx, nil
})

// soundChimer plays chimePCM through the default sound device with oto. A room without
// a sound device (or a PC whose audio is broken) still gets its board: the chime logs
// once why it is silent and then does nothing.
type soundChimer struct {
	log    *slog.Logger
	pcm    []byte
	warned sync.Once

	mu     sync.Mutex
	player *oto.Player // kept so the chime is not collected while it plays
}

// NewChimer returns a Chimer that plays through the system's sound device.
func NewChimer(log *slog.Logger) Chimer {
	if log == nil {
		log = slog.Default()
	}
	return &soundChimer{log: log, pcm: chimePCM(chimeRate)}
}

// Chime starts the chime and returns without waiting for the sound device.
func (c *soundChimer) Chime() { go c.play() }

func (c *soundChimer) play() {
	ctx, err := audio()
	if err != nil {
		c.warned.Do(func() { c.log.Warn("no sound device: the call board stays silent", "err", err) })
		return
	}
	p := ctx.NewPlayer(bytes.NewReader(c.pcm))
	c.mu.Lock()
	if c.player != nil {
		c.player.Pause() // a new call cuts the last chime short rather than overlap
	}
	c.player = p
	c.mu.Unlock()
	p.Play()
}

// chimePCM synthesises the chime: two bell-like tones falling a fourth (E6, then B5),
// each a sine with a soft second and third partial, a 5 ms attack so it does not click,
// and an exponential decay. Mono, signed 16-bit little-endian; about 1.2 s.
func chimePCM(rate int) []byte {
	type note struct {
		freq, start, length float64 // Hz, seconds, seconds
	}
	notes := []note{{1318.5, 0, 0.6}, {987.8, 0.32, 0.9}}
	total := 0.0
	for _, n := range notes {
		total = max(total, n.start+n.length)
	}
	samples := make([]float64, int(total*float64(rate)))
	for _, n := range notes {
		first := int(n.start * float64(rate))
		for i := range int(n.length * float64(rate)) {
			t := float64(i) / float64(rate)
			env := math.Exp(-t*5) * min(1, t/0.005)
			w := 2 * math.Pi * n.freq * t
			samples[first+i] += env * (math.Sin(w) + 0.3*math.Sin(2*w) + 0.1*math.Sin(3*w))
		}
	}
	pcm := make([]byte, 0, 2*len(samples))
	for _, s := range samples {
		pcm = binary.LittleEndian.AppendUint16(pcm, uint16(int16(max(-1, min(1, s*0.35))*math.MaxInt16)))
	}
	return pcm
}
