/** The ConfigOptionReader env.py's reading (python/envPy.ts) asks alembic.ini's options through. */
import { getIniValue, hasSection, rawEntry, type IniFile } from './ini';
import type { ConfigOptionReader } from '../python/envPy';

/**
 * What env.py's `config.get_section_option(...)` reads from alembic.ini, as ConfigParser gives it
 * (interpolated). Without an ini, or for a section it lacks, Alembic raises: not known.
 */
export function iniOptionReader(ini: IniFile | undefined, mainSection: string): ConfigOptionReader {
  return (section, name) => {
    const sectionName = section ?? mainSection;
    if (!ini || !hasSection(ini, sectionName)) return { unknown: `alembic.ini has no [${sectionName}] section` };
    const found = getIniValue(ini, sectionName, name, []);
    if (found) return { value: found.value };
    return rawEntry(ini, sectionName, name) ? { unknown: `${name} in [${sectionName}] cannot be interpolated` } : 'absent';
  };
}
