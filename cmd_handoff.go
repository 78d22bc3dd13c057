package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"skranke/app"
	"skranke/app/handoff"
	"skranke/i18n"
	"skranke/store"
)

// newHandoffs builds the handoff service over a store: the kiosk's, the staff
// console's and the command line's, with crypto/rand for keys, nonces and codes.
func newHandoffs(s *store.Store, site app.Site, clock app.Clock) *handoff.Service {
	return handoff.NewService(handoff.Config{Repo: s, Site: site, Clock: clock, Rand: rand.Reader})
}

const handoffUsage = `usage:
  skranke handoff show CODE [--data DIR]   what a code carries, or why it is refused
                                           (CODE: "SK:…" in quotes, a short code, or - to read one line from stdin)`

// runHandoff is `skranke handoff`, for staff and support: what does this code say,
// and why does the kiosk refuse it?
func runHandoff(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "show" {
		fmt.Fprintln(stderr, handoffUsage)
		return errors.New("handoff: want `skranke handoff show CODE`")
	}
	fs := flag.NewFlagSet("handoff show", flag.ContinueOnError)
	data := fs.String("data", defaultDataDir(), "data directory")
	fs.SetOutput(stderr)
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, handoffUsage)
		return errors.New("handoff show: no code given")
	}
	// A code's text may hold spaces (a Base45 digit); unquoted, the shell splits it.
	input := strings.Join(pos, " ")
	if input == "-" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && (!errors.Is(err, io.EOF) || line == "") {
			return fmt.Errorf("handoff show: read the code from stdin: %w", err)
		}
		input = line
	}
	h, closeStore, err := openHandoffs(ctx, *data)
	if err != nil {
		return err
	}
	defer closeStore()
	c, err := h.Resolve(ctx, input)
	if err != nil {
		return refusal(err, c)
	}
	printContext(stdout, c, input)
	return nil
}

// refusal turns a refused code into the one line the command prints.
func refusal(err error, c handoff.Context) error {
	code := app.ErrorCode(err)
	var ae *app.Error
	detail := err.Error()
	if errors.As(err, &ae) {
		detail = ae.Message
	}
	if code == handoff.EExpired {
		detail += fmt.Sprintf(" (issued at %s on %s, language %s)", c.Site, c.Issued.Format(time.DateOnly), c.Lang)
	}
	return app.Errorf(code, "code refused (%s): %s", code, detail)
}

// printContext writes what a code carries, one field a line, with the Danish names a
// counsellor knows beside the ids.
func printContext(w io.Writer, c handoff.Context, input string) {
	da := i18n.Lookup(i18n.Source)
	line := func(name, format string, args ...any) {
		fmt.Fprintf(w, "%-10s %s\n", name+":", fmt.Sprintf(format, args...))
	}
	if !handoff.IsCodeText(input) {
		if s, err := handoff.ParseShortCode(strings.TrimSpace(input)); err == nil {
			line("short", "%s (found in this site's records)", s)
		}
	}
	line("site", "%s", c.Site)
	line("issued", "%s", c.Issued.Format(time.DateOnly))
	line("expires", "%s (valid through that day)", c.Expires.Format(time.DateOnly))
	lang := c.Lang
	if i18n.Known(c.Lang) {
		lang += " (" + i18n.Lookup(c.Lang).DanishName() + ")"
	}
	line("language", "%s", lang)
	var topics []string
	for _, t := range c.Topics {
		topics = append(topics, fmt.Sprintf("%s (%s)", t, da.T("topic."+string(t))))
	}
	line("topics", "%s", strings.Join(topics, ", "))
	line("urgent", "%s", yesNo(c.Urgent))
	var flags []string
	if c.Flags&handoff.FlagChipPassport != 0 {
		flags = append(flags, "passport with chip")
	}
	if c.Flags&handoff.FlagCitizen != 0 {
		flags = append(flags, "Danish citizen")
	}
	if len(flags) == 0 {
		flags = []string{"none"}
	}
	line("flags", "%s", strings.Join(flags, ", "))
	line("next step", "%s (%s)", c.Next, da.T("staff.next."+c.Next.String()))
	line("case id", "%s", c.CaseID)
	line("key", "%08x, format %d", c.KeyID, c.Version)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
