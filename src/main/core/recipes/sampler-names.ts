import type { Scheduler } from '../../../shared/model-input';

/**
 * What each tool calls the samplers Redraw offers. Replicate's names are diffusers scheduler
 * classes; A1111 and ComfyUI name k-diffusion samplers; InvokeAI names diffusers schedulers.
 * PNDM in diffusers' SD config skips the Runge-Kutta warm-up, which makes it A1111's PLMS.
 * ComfyUI has no PLMS sampler, so PNDM has no ComfyUI name.
 */
export const A1111_SAMPLER: Record<Scheduler, string> = {
  DPMSolverMultistep: 'DPM++ 2M',
  K_EULER: 'Euler',
  K_EULER_ANCESTRAL: 'Euler a',
  DDIM: 'DDIM',
  PNDM: 'PLMS',
  KLMS: 'LMS',
};

const COMFY_SAMPLER: Partial<Record<string, Scheduler>> = {
  dpmpp_2m: 'DPMSolverMultistep',
  euler: 'K_EULER',
  euler_ancestral: 'K_EULER_ANCESTRAL',
  ddim: 'DDIM',
  lms: 'KLMS',
};

/** InvokeAI 3+ names (invokeai/backend/stable_diffusion/schedulers), and the 2.x names before them. */
const INVOKEAI_SCHEDULER: Partial<Record<string, Scheduler>> = {
  dpmpp_2m: 'DPMSolverMultistep',
  euler: 'K_EULER',
  euler_a: 'K_EULER_ANCESTRAL',
  ddim: 'DDIM',
  pndm: 'PNDM',
  lms: 'KLMS',
  k_dpmpp_2: 'DPMSolverMultistep',
  k_euler: 'K_EULER',
  k_euler_a: 'K_EULER_ANCESTRAL',
  plms: 'PNDM',
  k_lms: 'KLMS',
};

/**
 * A1111 schedule types (modules/sd_schedulers.py). Since 1.9 an infotext says
 * `Sampler: DPM++ 2M, Schedule type: Karras`; older ones wrote `Sampler: DPM++ 2M Karras`,
 * which A1111 itself splits on these suffixes.
 */
const A1111_SCHEDULE_TYPES = ['Automatic', 'Uniform', 'Karras', 'Exponential', 'Polyexponential', 'SGM Uniform', 'SGMUniform', 'KL Optimal', 'Align Your Steps', 'Simple', 'Normal', 'DDIM', 'Beta'];

/** A mapped sampler (or none), and what the artist should know about the mapping. */
type SamplerMapping = { scheduler: Scheduler | null; notes: string[] };

function unknownSampler(name: string): SamplerMapping {
  return { scheduler: null, notes: [`Sampler '${name}' has no Redraw equivalent`] };
}

function scheduleNote(schedule: string, scheduler: Scheduler): string {
  return `Schedule '${schedule}' is not available: ${scheduler} runs with its default schedule`;
}

/** `DPM++ 2M` (+ `Schedule type`), or the older `DPM++ 2M Karras` form. */
export function schedulerFromA1111(sampler: string, scheduleType: string | undefined): SamplerMapping {
  let name = sampler.trim();
  let schedule = scheduleType?.trim() || 'Automatic';
  const suffix = A1111_SCHEDULE_TYPES.find((s) => s !== 'DDIM' && name.endsWith(` ${s}`));
  if (suffix !== undefined) {
    name = name.slice(0, -(suffix.length + 1));
    schedule = suffix;
  }
  const scheduler = (Object.keys(A1111_SAMPLER) as Scheduler[]).find((s) => A1111_SAMPLER[s] === name);
  if (scheduler === undefined) return unknownSampler(sampler.trim());
  // Uniform is the model's own timesteps, which is what diffusers' schedulers use by default.
  const defaultSchedule = schedule === 'Automatic' || schedule === 'Uniform' || (scheduler === 'DDIM' && schedule === 'DDIM');
  return { scheduler, notes: defaultSchedule ? [] : [scheduleNote(schedule, scheduler)] };
}

/** ComfyUI KSampler `sampler_name` and `scheduler`. */
export function schedulerFromComfy(samplerName: string, schedule: string | undefined): SamplerMapping {
  const scheduler = COMFY_SAMPLER[samplerName];
  if (scheduler === undefined) return unknownSampler(samplerName);
  // `normal` is ComfyUI's default (evenly spaced timesteps), like diffusers' default spacing.
  const defaultSchedule = schedule === undefined || schedule === 'normal' || schedule === 'simple' || (scheduler === 'DDIM' && schedule === 'ddim_uniform');
  return { scheduler, notes: defaultSchedule ? [] : [scheduleNote(schedule, scheduler)] };
}

/** InvokeAI `scheduler` (e.g. `dpmpp_2m`, or `dpmpp_2m_k` with Karras sigmas). */
export function schedulerFromInvokeAI(name: string): SamplerMapping {
  const karras = name.endsWith('_k');
  const scheduler = INVOKEAI_SCHEDULER[karras ? name.slice(0, -2) : name];
  if (scheduler === undefined) return { scheduler: null, notes: [`Scheduler '${name}' has no Redraw equivalent`] };
  return { scheduler, notes: karras ? [scheduleNote('Karras', scheduler)] : [] };
}
