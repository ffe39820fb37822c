// The passkeys page: once the package's script has added a passkey or security key, show the
// page again so that the list includes it.
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
