/* e-HRMS onboarding: CSV and JSON files of officials, all-or-nothing with a per-row report. */
#include "org/org.h"

const struct http_route org_onboarding_routes[] = {
	{NULL, NULL, NULL, NULL, 0},
};
