module.exports = {
  displayName: 'law-catalog',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/law-catalog',
};
