"""The SIGKILL crash campaign over every kiosk flow (docs/unattended.md): a robot citizen station
(devtools/robot/) against a hall and a virtual printer in processes of their own, killed at seeded random
moments and restarted, then drained and checked for lost, doubled or falsely printed work."""

from devtools.campaign.controller import CampaignResult, kill_schedule, run_campaign
from devtools.campaign.power import PowerCuts, run_power_cut_campaign

__all__ = ["CampaignResult", "PowerCuts", "kill_schedule", "run_campaign", "run_power_cut_campaign"]
