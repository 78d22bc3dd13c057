package screens

// Quit ends the kiosk program through KioskConfig.OnQuit. It is the staff-only way out
// of the locked-down kiosk: only the coordinator screen, after the coordinator's PIN,
// should offer it. It reports whether there was a way out to take.
func (k *Kiosk) Quit() bool {
	if k.onQuit == nil {
		k.log.Warn("quit asked for, but this kiosk has no way out configured")
		return false
	}
	k.log.Info("staff quit")
	k.onQuit()
	return true
}
